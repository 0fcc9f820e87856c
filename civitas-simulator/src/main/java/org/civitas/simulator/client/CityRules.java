package org.civitas.simulator.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.city.District;
import org.civitas.simulator.device.Device;

/**
 * The demo city's rules, as the JSON of {@code POST /api/v1/rules}: what an operator of Brennhaven
 * would set up so that the planted faults raise alarms (see docs/SIMULATOR.md, "The demo's rules").
 * Every limit comes from the simulator's own models, named in a comment; {@code CityRulesTest}
 * checks against the model that each catches its planted fault and no healthy device.
 *
 * <ul>
 *   <li>{@value #COLD_CHAIN}: a vaccine fridge above 8 °C, MAJOR, on every fridge.
 *   <li>{@value #LEAK} per district: the district flow meter's minimum night flow above its normal
 *       one, MAJOR.
 *   <li>{@value #FLOOD}: a river gauge above the warning level, CRITICAL, with a public CAP alert
 *       for the districts along the river.
 * </ul>
 */
public final class CityRules {
  /** Who the rules are by. */
  static final String AUTHOR = "civitas-simulator";

  public static final String COLD_CHAIN = "Cold chain: vaccine fridge above 8 °C";
  public static final String LEAK = "Leak: night flow above normal in ";
  public static final String FLOOD = "Flood warning: river above the warning level";

  /** Vaccines are kept at 2-8 °C; a healthy fridge's compressor holds 3.5-6.5 °C (FridgeRhythm). */
  static final double FRIDGE_LIMIT_CELSIUS = 8;

  /** Back to 7.5 °C before the alarm clears, so a fridge cooling down past 8 °C does not flap. */
  static final double FRIDGE_HYSTERESIS = 0.5;

  /**
   * The normal night flow behind a district meter, L/h per resident: the night baseline of 1.2 L/h
   * of use plus the network's background leakage of 0.3 L/h (WaterRhythm).
   */
  static final double NORMAL_NIGHT_FLOW_PER_RESIDENT = 1.2 + 0.3;

  /** What the planted burst main adds, L/h per resident (FaultEffects, LEAK_PER_RESIDENT). */
  static final double LEAK_FLOW_PER_RESIDENT = 1.5;

  /**
   * The limit of the minimum night flow, L/h per resident: halfway between a sound network's and a
   * leaking one's, so the meters' 2 % noise is far from either side.
   */
  static final double NIGHT_FLOW_LIMIT_PER_RESIDENT =
      NORMAL_NIGHT_FLOW_PER_RESIDENT + LEAK_FLOW_PER_RESIDENT / 2;

  /**
   * The minimum over a day is the night's minimum flow (MNF), the water industry's leak indicator:
   * day-time use is several times the night's, so only the small hours set it.
   */
  static final Duration NIGHT_FLOW_WINDOW = Duration.ofHours(24);

  /**
   * Readings a day-long window must hold before its minimum counts: a flow meter reports every 15
   * minutes (96 a day); a window that starts in the afternoon has no night in it yet.
   */
  static final int FULL_DAY_OF_FLOW_READINGS = 92;

  /**
   * The river's warning level, m. A gauge's normal stage is 1.1 m upstream to 1.9 m at the harbour
   * (RiverRhythm); the planted 72 mm downpour adds about 0.7 m at every gauge (1 cm per mm at the
   * hydrograph's peak), so no gauge without a flood passes about 2.8 m; the flood rise of +2.2 m
   * (FaultEffects) takes even the upstream gauge past 4 m. 3.2 m lies between.
   */
  public static final double RIVER_WARNING_LEVEL_METRES = 3.2;

  /** Back to 3.0 m before the warning is cancelled. */
  public static final double RIVER_HYSTERESIS_METRES = 0.2;

  private CityRules() {}

  /**
   * The demo's rules for the city.
   *
   * @param flowDatastreams the Datastream id of each district flow meter's {@code flow}, by device
   *     id (a leak rule watches one meter)
   */
  public static List<ObjectNode> of(Simulation simulation, Map<String, Long> flowDatastreams) {
    List<ObjectNode> rules = new ArrayList<>();
    rules.add(coldChain());
    for (Device meter : flowMeters(simulation)) {
      Long datastream = flowDatastreams.get(meter.id());
      if (datastream != null) {
        rules.add(leak(simulation.city().district(meter.districtId()), meter, datastream));
      }
    }
    rules.add(flood(simulation));
    return rules;
  }

  /** The city's district flow meters, one per district. */
  static List<Device> flowMeters(Simulation simulation) {
    return simulation.devices().stream()
        .filter(d -> d.id().startsWith("flow-") && d.reports("flow"))
        .toList();
  }

  /** A meter's limit of the minimum night flow, m³/h (the unit it reports in). */
  static double nightFlowLimit(Device meter) {
    return Math.round(meter.capacity() * NIGHT_FLOW_LIMIT_PER_RESIDENT / 10) / 100.0;
  }

  private static ObjectNode coldChain() {
    ObjectNode rule =
        rule(
            "health",
            COLD_CHAIN,
            "A vaccine fridge must hold 2-8 °C; above 8 °C the door is open or the compressor"
                + " failed, and the vaccines must be checked.",
            "MAJOR");
    rule.putObject("target").put("filter", "ObservedProperty/name eq 'Fridge temperature'");
    rule.putObject("condition")
        .put("kind", "threshold")
        .put("op", ">")
        .put("value", FRIDGE_LIMIT_CELSIUS)
        .put("hysteresis", FRIDGE_HYSTERESIS);
    rule.putArray("actions").addObject().put("type", "raiseAlarm");
    return rule;
  }

  private static ObjectNode leak(District district, Device meter, long datastream) {
    ObjectNode rule =
        rule(
            "utilities",
            LEAK + district.name(),
            "The lowest flow of the last day at "
                + meter.id()
                + " (the night's) is above what "
                + district.population()
                + " residents and a sound network draw: a burst main or a leak.",
            "MAJOR");
    ObjectNode condition =
        rule.putObject("condition")
            .put("kind", "combination")
            .put("logic", "AND")
            .put("tolerance", Duration.ofMinutes(15).toString());
    ArrayNode parts = condition.putArray("parts");
    ObjectNode night = parts.addObject().put("name", "nightFlow").put("datastream", datastream);
    night
        .putObject("condition")
        .put("kind", "windowedAggregate")
        .put("function", "min")
        .put("window", NIGHT_FLOW_WINDOW.toString())
        .put("op", ">")
        .put("value", nightFlowLimit(meter));
    ObjectNode full = parts.addObject().put("name", "fullDay").put("datastream", datastream);
    full.putObject("condition")
        .put("kind", "windowedAggregate")
        .put("function", "count")
        .put("window", NIGHT_FLOW_WINDOW.toString())
        .put("op", ">=")
        .put("value", FULL_DAY_OF_FLOW_READINGS);
    rule.putArray("actions").addObject().put("type", "raiseAlarm");
    return rule;
  }

  private static ObjectNode flood(Simulation simulation) {
    ObjectNode rule =
        rule(
            "emergency",
            FLOOD,
            "A river gauge above "
                + RIVER_WARNING_LEVEL_METRES
                + " m: the "
                + "river is leaving its banks; the public is warned along the river.",
            "CRITICAL");
    rule.putObject("target").put("filter", "ObservedProperty/name eq 'River water level'");
    rule.putObject("condition")
        .put("kind", "threshold")
        .put("op", ">")
        .put("value", RIVER_WARNING_LEVEL_METRES)
        .put("hysteresis", RIVER_HYSTERESIS_METRES);
    ArrayNode actions = rule.putArray("actions");
    actions.addObject().put("type", "raiseAlarm");
    ObjectNode alert =
        actions
            .addObject()
            .put("type", "publicAlert")
            .put("event", "Flood warning")
            .put("urgency", "Immediate")
            .put("severity", "Severe")
            .put("certainty", "Observed")
            .put(
                "headline",
                "Flood warning for " + simulation.city().name() + ": the river is rising fast")
            .put(
                "instruction",
                "Keep away from the river banks and the quays. Move valuables and vehicles to"
                    + " higher ground, do not walk or drive through flood water, and follow the"
                    + " instructions of the emergency services.");
    ArrayNode districts = alert.putArray("districts");
    simulation.city().riverDistricts().forEach(d -> districts.add(d.name()));
    return rule;
  }

  /** A rule of {@code department}, which runs it and whose operators see it. */
  private static ObjectNode rule(
      String department, String name, String description, String severity) {
    return PlatformHttp.JSON
        .createObjectNode()
        .put("name", name)
        .put("department", department)
        .put("description", description)
        .put("author", AUTHOR)
        .put("enabled", true)
        .put("severity", severity);
  }
}
