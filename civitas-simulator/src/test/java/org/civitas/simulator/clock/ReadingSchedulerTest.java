package org.civitas.simulator.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Reading;
import org.junit.jupiter.api.Test;

class ReadingSchedulerTest {
  private static final Instant START = SimulatorConfig.DEFAULT_START;
  private final Simulation simulation =
      Simulation.create(SimulatorConfig.defaults().withFaults(Set.of()));

  @Test
  void readings_come_in_time_order_each_device_at_its_interval_with_one_queue_entry_per_device() {
    ReadingScheduler scheduler = simulation.schedule(START, START.plus(Duration.ofHours(6)));
    int devices = simulation.devices().size();
    Map<String, Instant> last = new HashMap<>();
    Instant previous = START;
    int count = 0;
    while (scheduler.hasNext()) {
      Reading reading = scheduler.next();
      assertThat(scheduler.queued()).isEqualTo(devices);
      assertThat(reading.time()).isAfterOrEqualTo(previous);
      Instant before = last.put(reading.deviceId(), reading.time());
      if (before != null) {
        Device device = simulation.device(reading.deviceId()).orElseThrow();
        assertThat(Duration.between(before, reading.time())).isEqualTo(device.interval());
      }
      previous = reading.time();
      count++;
    }
    assertThat(last).hasSize(devices);
    assertThat(count).isGreaterThan(10_000);
    assertThat(scheduler.nextTime()).isEmpty();
  }

  @Test
  void a_device_reports_at_the_same_instants_whenever_the_run_starts() {
    Device loop = simulation.device("loop-0003").orElseThrow();
    Instant first = ReadingScheduler.firstAtOrAfter(loop, START);
    assertThat(first).isBetween(START, START.plus(loop.interval()));
    Instant later = ReadingScheduler.firstAtOrAfter(loop, START.plusSeconds(1_000_003));
    assertThat(Duration.between(first, later).toSeconds() % loop.interval().toSeconds()).isZero();
  }

  @Test
  void the_queue_stays_the_size_of_the_fleet_over_a_long_run() {
    ReadingScheduler scheduler = simulation.schedule(START, START.plus(Duration.ofDays(365)));
    for (int i = 0; i < 50_000 && scheduler.hasNext(); i++) {
      scheduler.next();
    }
    assertThat(scheduler.queued()).isEqualTo(simulation.devices().size());
  }
}
