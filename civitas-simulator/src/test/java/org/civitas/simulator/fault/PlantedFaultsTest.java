package org.civitas.simulator.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Reading;
import org.junit.jupiter.api.Test;

/** Every planted fault shows in the generated data, against the same city without faults. */
class PlantedFaultsTest {
  private final Simulation faulty = Simulation.create(SimulatorConfig.defaults());
  private final Simulation healthy =
      Simulation.create(SimulatorConfig.defaults().withFaults(Set.of()));

  private PlannedFault only(FaultKind kind) {
    List<PlannedFault> faults = faulty.faults().of(kind);
    assertThat(faults).as("planted %s", kind).isNotEmpty();
    return faults.getFirst();
  }

  private Device device(PlannedFault fault) {
    return faulty.device(fault.deviceId()).orElseThrow();
  }

  private double value(Simulation simulation, Device device, Instant time, String field) {
    return simulation.readingAt(device, time).orElseThrow().number(field);
  }

  @Test
  void every_kind_of_fault_is_planted_by_default_and_none_when_disabled() {
    assertThat(faulty.faults().faults())
        .extracting(PlannedFault::kind)
        .containsAll(EnumSet.allOf(FaultKind.class));
    assertThat(healthy.faults().faults()).isEmpty();
    assertThat(Simulation.create(SimulatorConfig.defaults()).faults()).isEqualTo(faulty.faults());
    assertThat(faulty.faults().faults())
        .allSatisfy(f -> assertThat(f.start()).isAfter(SimulatorConfig.DEFAULT_START));
  }

  @Test
  void a_silent_device_emits_nothing_after_its_time() {
    for (PlannedFault fault : faulty.faults().of(FaultKind.SILENT)) {
      Instant from = fault.start().minus(Duration.ofHours(6));
      List<Reading> readings = new ArrayList<>();
      faulty
          .schedule(from, fault.start().plus(Duration.ofDays(1)))
          .forEachRemaining(
              r -> {
                if (r.deviceId().equals(fault.deviceId())) {
                  readings.add(r);
                }
              });
      assertThat(readings)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.time()).isBefore(fault.start()));
    }
  }

  @Test
  void a_stuck_sensor_repeats_one_value() {
    for (PlannedFault fault : faulty.faults().of(FaultKind.STUCK)) {
      Device device = device(fault);
      var frozen = faulty.readingAt(device, fault.start()).orElseThrow().fields();
      for (int hour = 1; hour <= 24; hour++) {
        Instant time = fault.start().plus(Duration.ofHours(hour));
        assertThat(faulty.readingAt(device, time).orElseThrow().fields()).isEqualTo(frozen);
      }
      assertThat(
              healthy
                  .readingAt(device, fault.start().plus(Duration.ofHours(3)))
                  .orElseThrow()
                  .fields())
          .isNotEqualTo(frozen);
    }
  }

  @Test
  void a_drifting_air_quality_sensor_reads_ever_higher_than_it_should() {
    PlannedFault fault = only(FaultKind.DRIFT);
    Device station = device(fault);
    double afterOneDay = offset(station, fault.start().plus(Duration.ofDays(1)));
    double afterThreeDays = offset(station, fault.start().plus(Duration.ofDays(3)));
    assertThat(afterOneDay).isBetween(20.0, 28.0);
    assertThat(afterThreeDays).isGreaterThan(2 * afterOneDay).isGreaterThan(60);
    assertThat(offset(station, fault.start().minus(Duration.ofMinutes(30)))).isZero();
  }

  private double offset(Device station, Instant time) {
    return value(faulty, station, time, "no2") - value(healthy, station, time, "no2");
  }

  @Test
  void a_leak_raises_the_night_flow_of_a_district_and_it_stays_up() {
    PlannedFault fault = only(FaultKind.LEAK);
    Device meter = device(fault);
    assertThat(meter.id()).startsWith("flow-");
    Instant nightBefore = fault.start().minus(Duration.ofHours(22));
    double before = minimumFlow(meter, nightBefore);
    double after = minimumFlow(meter, fault.start().plus(Duration.ofHours(2)));
    double nightsLater = minimumFlow(meter, fault.start().plus(Duration.ofDays(2)));
    assertThat(after).isGreaterThan(1.5 * before);
    assertThat(nightsLater).isGreaterThan(1.5 * before);
  }

  private double minimumFlow(Device meter, Instant from) {
    double min = Double.MAX_VALUE;
    for (int minutes = 0; minutes < 4 * 60; minutes += 15) {
      min = Math.min(min, value(faulty, meter, from.plus(Duration.ofMinutes(minutes)), "flow"));
    }
    return min;
  }

  @Test
  void a_fridge_with_its_door_open_climbs_above_eight_degrees_and_recovers_after() {
    PlannedFault fault = only(FaultKind.DOOR_OPEN);
    Device fridge = device(fault);
    double peak = 0;
    for (Instant t = fault.start(); t.isBefore(fault.end()); t = t.plus(Duration.ofMinutes(5))) {
      peak = Math.max(peak, value(faulty, fridge, t, "temperature"));
    }
    assertThat(peak).isGreaterThan(8);
    assertThat(value(faulty, fridge, fault.start().plus(Duration.ofMinutes(40)), "temperature"))
        .isGreaterThan(8);
    assertThat(value(faulty, fridge, fault.start().minus(Duration.ofMinutes(5)), "temperature"))
        .isBetween(2.0, 8.0);
    assertThat(value(faulty, fridge, fault.end().plus(Duration.ofHours(2)), "temperature"))
        .isBetween(2.0, 8.0);
  }

  @Test
  void a_gauge_rises_sharply_after_the_planted_downpour() {
    PlannedFault fault = only(FaultKind.FLOOD_RISE);
    Device gauge = device(fault);
    assertThat(faulty.faults().downpours()).isNotEmpty();
    Instant rain = faulty.faults().downpours().getFirst().start();
    assertThat(faulty.weather().rainRate(rain.plus(Duration.ofHours(1)))).isGreaterThan(15);
    double before = value(faulty, gauge, rain.minus(Duration.ofHours(1)), "waterLevel");
    double crest = value(faulty, gauge, fault.start().plus(Duration.ofHours(8)), "waterLevel");
    assertThat(crest - before).isGreaterThan(2);
    double sixHoursIn = value(faulty, gauge, fault.start().plus(Duration.ofHours(6)), "waterLevel");
    double sixHoursEarlier = value(faulty, gauge, fault.start(), "waterLevel");
    assertThat(sixHoursIn - sixHoursEarlier).as("a sharp rise").isGreaterThan(1.5);
  }
}
