package org.civitas.devices.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.civitas.timeseries.Bucket;
import org.junit.jupiter.api.Test;

class HealthAssessorTest {
  private static final Instant START = Instant.parse("2026-11-29T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Instant NOW = START.plus(HOUR.multipliedBy(36));
  private static final PlausibleRange FRIDGE =
      PlausibleRange.forQuantity("Fridge temperature").orElseThrow();
  private final HealthAssessor assessor = new HealthAssessor(HealthPolicy.DEFAULT, HOUR);

  @Test
  void a_device_that_reports_plausible_changing_values_on_time_is_ok_with_a_learned_interval() {
    DeviceSnapshot device = device(NOW.minus(Duration.ofMinutes(10)), null, changing(36));
    DeviceHealth health = assessor.assess(device, Map.of(), NOW);
    assertThat(health.state()).isEqualTo(HealthState.OK);
    assertThat(health.since()).isNull();
    assertThat(health.findings()).isEmpty();
    assertThat(health.expectedInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(health.intervalLearned()).isTrue();
  }

  @Test
  void the_worst_finding_names_the_state_and_every_finding_is_kept() {
    List<Bucket> frozen = new ArrayList<>(changing(6));
    for (int hour = 6; hour < 30; hour++) {
      frozen.add(new Bucket(START.plus(HOUR.multipliedBy(hour)), 4, 4.5, 4.5, 4.5, 18));
    }
    Instant lastSeen = START.plus(HOUR.multipliedBy(30));
    DeviceHealth health =
        assessor.assess(device(lastSeen, Duration.ofMinutes(15), frozen), Map.of(), NOW);
    assertThat(health.state()).isEqualTo(HealthState.SILENT);
    assertThat(health.since()).isEqualTo(lastSeen);
    assertThat(health.findings())
        .extracting(Finding::state)
        .containsExactlyInAnyOrder(HealthState.SILENT, HealthState.STUCK);
    assertThat(health.intervalLearned()).isFalse();
  }

  private static DeviceSnapshot device(Instant lastSeen, Duration interval, List<Bucket> buckets) {
    return new DeviceSnapshot(
        "fridge-clinic-3",
        "Harbour",
        START.minus(Duration.ofDays(30)),
        lastSeen,
        interval,
        87.0,
        -101.0,
        7.5,
        List.of(new DeviceSnapshot.Stream(12, 4, FRIDGE, buckets)));
  }

  private static List<Bucket> changing(int hours) {
    List<Bucket> buckets = new ArrayList<>();
    for (int hour = 0; hour < hours; hour++) {
      double low = 4 + (hour % 3) * 0.1;
      buckets.add(
          new Bucket(START.plus(HOUR.multipliedBy(hour)), 4, low, low + 0.6, low + 0.3, 4 * low));
    }
    return buckets;
  }
}
