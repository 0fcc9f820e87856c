package org.civitas.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.civitas.simulator.clock.ReadingScheduler;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Reading;
import org.junit.jupiter.api.Test;

class SimulationDeterminismTest {
  private static final Instant START = SimulatorConfig.DEFAULT_START;

  private static List<Reading> run(SimulatorConfig config, Duration length) {
    Simulation simulation = Simulation.create(config);
    List<Reading> readings = new ArrayList<>();
    simulation.schedule(START, START.plus(length)).forEachRemaining(readings::add);
    return readings;
  }

  @Test
  void two_runs_with_one_seed_produce_exactly_the_same_readings() {
    var config = SimulatorConfig.defaults();
    List<Reading> first = run(config, Duration.ofHours(3));
    assertThat(first).hasSizeGreaterThan(5_000);
    assertThat(run(config, Duration.ofHours(3))).isEqualTo(first);
  }

  @Test
  void another_seed_produces_other_readings() {
    List<Reading> first = run(SimulatorConfig.defaults(), Duration.ofHours(1));
    List<Reading> other = run(SimulatorConfig.defaults().withSeed(99), Duration.ofHours(1));
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void a_devices_readings_do_not_depend_on_which_other_devices_are_simulated() {
    Simulation simulation = Simulation.create(SimulatorConfig.defaults());
    Device bin = simulation.device("bin-0007").orElseThrow();
    Instant until = START.plus(Duration.ofHours(12));
    List<Reading> alone = new ArrayList<>();
    new ReadingScheduler(List.of(bin), START, until, simulation::readingAt)
        .forEachRemaining(alone::add);
    List<Reading> amongAll = new ArrayList<>();
    simulation
        .schedule(START, until)
        .forEachRemaining(
            r -> {
              if (r.deviceId().equals(bin.id())) {
                amongAll.add(r);
              }
            });
    assertThat(alone).hasSize(12).isEqualTo(amongAll);
  }

  @Test
  void a_reading_is_the_same_whenever_it_is_computed() {
    Simulation simulation = Simulation.create(SimulatorConfig.defaults());
    Instant late = START.plus(Duration.ofDays(2));
    for (Device device : simulation.devices()) {
      var later = simulation.readingAt(device, late);
      simulation.readingAt(device, START);
      assertThat(simulation.readingAt(device, late)).isEqualTo(later);
    }
  }
}
