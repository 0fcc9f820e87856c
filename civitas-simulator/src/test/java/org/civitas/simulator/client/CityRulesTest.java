package org.civitas.simulator.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.city.District;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.DeviceKind;
import org.civitas.simulator.fault.FaultKind;
import org.civitas.simulator.fault.PlannedFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The demo's rule limits against the simulator's model, without a platform: over the first four
 * simulated days, each catches its planted fault and nothing else, for the default seed and others.
 */
class CityRulesTest {
  private static final Duration DAYS = Duration.ofDays(4);

  private static Simulation simulation(long seed) {
    return Simulation.create(SimulatorConfig.defaults().withSeed(seed));
  }

  private static PlannedFault fault(Simulation simulation, FaultKind kind) {
    return simulation.faults().of(kind).getFirst();
  }

  /** The first instant the device's field passes {@code limit}, or empty. */
  private static Optional<Instant> firstAbove(
      Simulation simulation, Device device, String field, double limit) {
    Instant from = simulation.config().start();
    for (Instant t = from; t.isBefore(from.plus(DAYS)); t = t.plus(device.interval())) {
      if (simulation.readingAt(device, t).orElseThrow().number(field) > limit) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @ParameterizedTest
  @ValueSource(longs = {SimulatorConfig.DEFAULT_SEED, 1, 2, 3})
  void the_cold_chain_limit_catches_the_open_door_and_no_healthy_fridge(long seed) {
    Simulation simulation = simulation(seed);
    PlannedFault open = fault(simulation, FaultKind.DOOR_OPEN);
    for (Device fridge : devices(simulation, DeviceKind.VACCINE_FRIDGE)) {
      Optional<Instant> above =
          firstAbove(simulation, fridge, "temperature", CityRules.FRIDGE_LIMIT_CELSIUS);
      if (fridge.id().equals(open.deviceId())) {
        assertThat(above)
            .hasValueSatisfying(t -> assertThat(t).isBetween(open.start(), open.end()));
      } else {
        assertThat(above).as(fridge.id()).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {SimulatorConfig.DEFAULT_SEED, 1, 2, 3})
  void the_flood_warning_level_catches_the_flood_and_no_other_gauge_and_is_left_again(long seed) {
    Simulation simulation = simulation(seed);
    PlannedFault flood = fault(simulation, FaultKind.FLOOD_RISE);
    for (Device gauge : devices(simulation, DeviceKind.RIVER_GAUGE)) {
      Optional<Instant> above =
          firstAbove(simulation, gauge, "waterLevel", CityRules.RIVER_WARNING_LEVEL_METRES);
      if (gauge.id().equals(flood.deviceId())) {
        assertThat(above).isPresent();
        double cleared = CityRules.RIVER_WARNING_LEVEL_METRES - CityRules.RIVER_HYSTERESIS_METRES;
        assertThat(simulation.readingAt(gauge, flood.end()).orElseThrow().number("waterLevel"))
            .as("%s when the flood is over", gauge.id())
            .isLessThanOrEqualTo(cleared);
      } else {
        assertThat(above).as(gauge.id()).isEmpty();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {SimulatorConfig.DEFAULT_SEED, 1, 2, 3})
  void the_night_flow_limit_catches_the_leak_within_a_day_and_no_sound_district(long seed) {
    Simulation simulation = simulation(seed);
    PlannedFault leak = fault(simulation, FaultKind.LEAK);
    for (Device meter : CityRules.flowMeters(simulation)) {
      Optional<Instant> raised = firstRaise(simulation, meter);
      if (meter.id().equals(leak.deviceId())) {
        assertThat(raised)
            .hasValueSatisfying(
                t ->
                    assertThat(t).isBetween(leak.start(), leak.start().plus(Duration.ofHours(26))));
      } else {
        assertThat(raised).as(meter.id()).isEmpty();
      }
    }
  }

  /** When the leak rule's two parts first hold together: a full day whose minimum is too high. */
  private static Optional<Instant> firstRaise(Simulation simulation, Device meter) {
    double limit = CityRules.nightFlowLimit(meter);
    Deque<Instant> times = new ArrayDeque<>();
    Deque<Double> values = new ArrayDeque<>();
    Instant from = simulation.config().start();
    for (Instant t = from; t.isBefore(from.plus(DAYS)); t = t.plus(meter.interval())) {
      times.addLast(t);
      values.addLast(simulation.readingAt(meter, t).orElseThrow().number("flow"));
      while (times.getFirst().isBefore(t.minus(CityRules.NIGHT_FLOW_WINDOW))) {
        times.removeFirst();
        values.removeFirst();
      }
      double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      if (values.size() >= CityRules.FULL_DAY_OF_FLOW_READINGS && min > limit) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  @Test
  void the_flood_alert_covers_the_districts_along_the_river() {
    Simulation simulation = simulation(SimulatorConfig.DEFAULT_SEED);
    List<String> river = simulation.city().riverDistricts().stream().map(District::name).toList();
    assertThat(river).contains("Westpark", "Old Town", "Harbour").doesNotContain("North End");
    for (Device gauge : devices(simulation, DeviceKind.RIVER_GAUGE)) {
      assertThat(river).contains(simulation.city().district(gauge.districtId()).name());
    }

    Map<String, Long> flows = new HashMap<>();
    CityRules.flowMeters(simulation).forEach(m -> flows.put(m.id(), 100L + flows.size()));
    List<ObjectNode> rules = CityRules.of(simulation, flows);
    assertThat(rules).hasSize(2 + simulation.city().districts().size());
    JsonNode alert = rules.getLast().path("actions").path(1);
    assertThat(alert.path("type").asText()).isEqualTo("publicAlert");
    List<String> districts = new ArrayList<>();
    alert.path("districts").forEach(d -> districts.add(d.asText()));
    assertThat(districts).isEqualTo(river);
  }

  @Test
  void a_stored_rule_is_the_same_when_every_wanted_member_is_stored_alike() {
    Simulation simulation = simulation(SimulatorConfig.DEFAULT_SEED);
    ObjectNode wanted = CityRules.of(simulation, Map.of()).getFirst();
    ObjectNode stored = wanted.deepCopy().put("id", "7").put("version", 2).put("author", "dana");
    ((ObjectNode) stored.path("condition")).put("value", 8.0).put("hysteresis", 0.50);
    assertThat(Provisioner.sameDefinition(wanted, stored)).isTrue();

    ((ObjectNode) stored.path("condition")).put("value", 9);
    assertThat(Provisioner.sameDefinition(wanted, stored)).isFalse();
    ObjectNode lessActions = wanted.deepCopy();
    lessActions.putArray("actions");
    assertThat(Provisioner.sameDefinition(wanted, lessActions)).isFalse();
  }

  private static List<Device> devices(Simulation simulation, DeviceKind kind) {
    return simulation.devices().stream().filter(d -> d.kind() == kind).toList();
  }
}
