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

  @Test
  void a_frozen_device_far_from_its_rising_neighbours_is_stuck_and_only_a_measurement_drifts() {
    List<Bucket> frozen = new ArrayList<>(changing(6));
    for (int hour = 6; hour < 36; hour++) {
      frozen.add(new Bucket(START.plus(HOUR.multipliedBy(hour)), 4, 4.5, 4.5, 4.5, 18));
    }
    List<List<Bucket>> neighbours = new ArrayList<>();
    for (double offset : new double[] {-0.1, 0, 0.1}) {
      List<Bucket> rising = new ArrayList<>();
      for (int hour = 0; hour < 36; hour++) {
        double mean = 4.3 + offset + 0.1 * hour;
        rising.add(
            new Bucket(
                START.plus(HOUR.multipliedBy(hour)), 4, mean - 0.2, mean + 0.2, mean, 4 * mean));
      }
      neighbours.add(rising);
    }
    DeviceSnapshot device =
        device(NOW.minus(Duration.ofMinutes(10)), Duration.ofMinutes(15), frozen);

    DeviceHealth health = assessor.assess(device, Map.of(12L, neighbours), NOW);

    assertThat(health.state()).isEqualTo(HealthState.STUCK);
    assertThat(health.findings()).extracting(Finding::state).containsExactly(HealthState.STUCK);
    // The same buckets moving with their neighbours' trend, but away from it, drift.
    List<Bucket> departing = new ArrayList<>();
    for (int hour = 0; hour < 36; hour++) {
      double mean = 4.3 + 0.1 * hour + (hour >= 12 ? 0.3 * (hour - 12) : 0);
      departing.add(
          new Bucket(
              START.plus(HOUR.multipliedBy(hour)), 4, mean - 0.2, mean + 0.2, mean, 4 * mean));
    }
    DeviceSnapshot drifting =
        device(NOW.minus(Duration.ofMinutes(10)), Duration.ofMinutes(15), departing);
    assertThat(assessor.assess(drifting, Map.of(12L, neighbours), NOW).state())
        .isEqualTo(HealthState.DRIFTING);
    // The same departure of a quantity a device's own site sets (a household's power) is no drift.
    DeviceSnapshot household =
        new DeviceSnapshot(
            "elec-7",
            "Harbour",
            START.minus(Duration.ofDays(30)),
            NOW.minus(Duration.ofMinutes(10)),
            Duration.ofMinutes(15),
            null,
            null,
            null,
            List.of(new DeviceSnapshot.Stream(12, 4, PlausibleRange.ANY, departing)));
    assertThat(assessor.assess(household, Map.of(12L, neighbours), NOW).state())
        .isEqualTo(HealthState.OK);
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
