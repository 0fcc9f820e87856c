package org.civitas.simulator.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.civitas.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class SimulationClockTest {
  private static final Instant SIMULATED = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant REAL = Instant.parse("2030-01-01T12:00:00Z");

  @Test
  void a_paced_clock_runs_speed_times_faster_than_real_time() {
    var clock = SimulationClock.paced(SIMULATED, 60, Clock.fixed(REAL, ZoneOffset.UTC));
    var tenSecondsLater =
        new SimulationClock.Paced(
            SIMULATED, 60, Clock.fixed(REAL.plusSeconds(10), ZoneOffset.UTC), clock.realStart());
    assertThat(clock.now()).isEqualTo(SIMULATED);
    assertThat(tenSecondsLater.now()).isEqualTo(SIMULATED.plus(Duration.ofMinutes(10)));
    assertThat(clock.realDelayUntil(SIMULATED.plus(Duration.ofHours(1))))
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(tenSecondsLater.realDelayUntil(SIMULATED)).isZero();
  }

  @Test
  void a_replay_has_every_instant_due_at_once() {
    assertThat(
            SimulationClock.replay(SIMULATED).realDelayUntil(SIMULATED.plus(Duration.ofDays(30))))
        .isZero();
  }

  @Test
  void a_speed_outside_one_to_3600_is_refused_naming_the_field() {
    Clock real = Clock.fixed(REAL, ZoneOffset.UTC);
    assertThat(SimulationClock.paced(SIMULATED, 3600, real).speed()).isEqualTo(3600);
    assertThatThrownBy(() -> SimulationClock.paced(SIMULATED, 0, real))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).contains("speed"))
        .hasMessageContaining("between 1 and 3600");
    assertThatThrownBy(() -> SimulationClock.paced(SIMULATED, 3601, real))
        .isInstanceOf(InvalidInputException.class);
  }
}
