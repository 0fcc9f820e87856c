package org.civitas.simulator.client;

import java.util.Locale;
import org.civitas.simulator.device.Device;

/**
 * Who runs a simulated device and how its data is governed, as Brennhaven declares it: the
 * department, the data class of its Datastreams and, for data about households, the purpose, the
 * technology register entry, the retention period and the data subject.
 *
 * <p>Household water and electricity meters measure one home's consumption: personal data, used for
 * leak detection and for grid planning on the city's public task, kept 90 and 365 days. District
 * flow meters, substations and the clinics' vaccine fridges are the city's own operational data;
 * everything else (traffic, bins, air, noise, buses, parking, streetlights, river levels) is open
 * data.
 *
 * @param department the wire name of the department that runs it
 * @param dataClass the wire name of the data class of its Datastreams
 * @param technology the id of its technology register entry
 * @param purpose the purpose of personal data, or null
 * @param retention how long personal data is kept (ISO 8601), or null
 * @param subject the data subject of personal data (the household), or null
 */
record Stewardship(
    String department,
    String dataClass,
    String technology,
    String purpose,
    String retention,
    String subject) {

  static Stewardship of(Device device) {
    String prefix = device.id().substring(0, device.id().indexOf('-'));
    return switch (prefix) {
      case "water" ->
          personal("utilities", "household-water-meters", "leak-detection", "P90D", device.id());
      case "elec" ->
          personal("utilities", "household-smart-meters", "grid-planning", "P365D", device.id());
      case "flow" -> open("utilities", "internal", "district-flow-meters");
      case "substation" -> open("utilities", "internal", "substation-telemetry");
      case "fridge" -> open("health", "internal", "vaccine-fridge-monitors");
      default -> open(departmentOfKind(device), "public", technologyOfKind(device));
    };
  }

  boolean isPersonal() {
    return purpose != null;
  }

  private static Stewardship personal(
      String department, String technology, String purpose, String retention, String device) {
    // The household is known to the utility by its meter; the platform keeps the reference as the
    // subject of consent and data-subject requests and shows readers a pseudonym of it.
    return new Stewardship(
        department, "personal", technology, purpose, retention, "household-of-" + device);
  }

  private static Stewardship open(String department, String dataClass, String technology) {
    return new Stewardship(department, dataClass, technology, null, null, null);
  }

  private static String departmentOfKind(Device device) {
    return switch (device.kind()) {
      case TRAFFIC_LOOP, BUS, PARKING_BAY -> "transport";
      case WASTE_BIN -> "waste";
      case AIR_QUALITY, NOISE_METER -> "environment";
      case WATER_METER, ELECTRICITY_METER, STREETLIGHT -> "utilities";
      case VACCINE_FRIDGE -> "health";
      case RIVER_GAUGE -> "emergency";
    };
  }

  private static String technologyOfKind(Device device) {
    return switch (device.kind()) {
      case TRAFFIC_LOOP -> "traffic-counting-loops";
      case BUS -> "bus-location-trackers";
      case PARKING_BAY -> "parking-bay-sensors";
      case WASTE_BIN -> "bin-fill-sensors";
      case AIR_QUALITY -> "air-quality-stations";
      case NOISE_METER -> "noise-meters";
      case STREETLIGHT -> "smart-streetlights";
      case RIVER_GAUGE -> "river-level-gauges";
      default -> device.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    };
  }
}
