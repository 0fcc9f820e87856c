package org.civitas.devices.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SilenceCheckTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final SilenceCheck check = new SilenceCheck(HealthPolicy.DEFAULT);

  @Test
  void a_device_heard_within_three_intervals_is_not_silent() {
    Instant lastSeen = NOW.minus(Duration.ofMinutes(44));
    assertThat(check.assess(lastSeen, NOW.minusSeconds(86_400), Duration.ofMinutes(15), NOW))
        .isEmpty();
  }

  @Test
  void a_device_that_missed_three_reports_is_silent_since_its_last_uplink() {
    Instant lastSeen = NOW.minus(Duration.ofMinutes(46));
    assertThat(check.assess(lastSeen, NOW.minusSeconds(86_400), Duration.ofMinutes(15), NOW))
        .hasValueSatisfying(
            finding -> {
              assertThat(finding.state()).isEqualTo(HealthState.SILENT);
              assertThat(finding.since()).isEqualTo(lastSeen);
              assertThat(finding.detail()).contains("46 min").contains("expected every 15 min");
            });
  }

  @Test
  void a_fast_reporter_gets_the_minimum_silence_before_it_counts_as_silent() {
    Duration everyTenSeconds = Duration.ofSeconds(10);
    assertThat(check.assess(NOW.minusSeconds(200), NOW.minusSeconds(9_999), everyTenSeconds, NOW))
        .isEmpty();
    assertThat(check.assess(NOW.minusSeconds(301), NOW.minusSeconds(9_999), everyTenSeconds, NOW))
        .hasValueSatisfying(finding -> assertThat(finding.state()).isEqualTo(HealthState.SILENT));
  }

  @Test
  void a_new_device_has_the_same_grace_and_is_then_never_seen_since_it_was_provisioned() {
    Duration hourly = Duration.ofHours(1);
    assertThat(check.assess(null, NOW.minus(Duration.ofHours(2)), hourly, NOW)).isEmpty();
    Instant provisioned = NOW.minus(Duration.ofHours(4));
    assertThat(check.assess(null, provisioned, hourly, NOW))
        .hasValueSatisfying(
            finding -> {
              assertThat(finding.state()).isEqualTo(HealthState.NEVER_SEEN);
              assertThat(finding.since()).isEqualTo(provisioned);
              assertThat(finding.state().dead()).isTrue();
            });
  }
}
