package org.civitas.simulator.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * Brennhaven's governance, entered through the public API as its data protection officer would: the
 * purposes its household data is used for, a register entry with a Triple Test for every kind of
 * technology it deploys (approved, so that its personal-data Datastreams may collect), and the
 * classification of each device's Datastreams ({@link Stewardship}).
 *
 * <p>Idempotent like the rest of provisioning: what exists is left, an entry not yet approved is
 * approved, a classification is put again (the same one changes nothing).
 */
final class CityGovernance {

  /** A purpose: its id, name, what it is for, and the department holding it. */
  private record PurposeText(String id, String name, String description, String department) {}

  private static final List<PurposeText> PURPOSES =
      List.of(
          new PurposeText(
              "leak-detection",
              "Leak detection",
              "Finding leaks in the water network and in homes from meter readings, so that water"
                  + " is not lost and households are warned of a leak behind their meter.",
              "utilities"),
          new PurposeText(
              "grid-planning",
              "Electricity grid planning",
              "Planning the low-voltage grid's capacity from household consumption profiles, so"
                  + " that substations and cables are reinforced where demand grows.",
              "utilities"),
          new PurposeText(
              "network-operation",
              "Operating the water and power networks",
              "Keeping pipes, substations and streetlights working from their own telemetry.",
              "utilities"),
          new PurposeText(
              "traffic-management",
              "Traffic and transport management",
              "Signal timing, parking guidance and live bus arrivals from counts and positions of"
                  + " vehicles, never of people.",
              "transport"),
          new PurposeText(
              "waste-collection",
              "Waste collection",
              "Routing collection to the bins that are full.",
              "waste"),
          new PurposeText(
              "environmental-monitoring",
              "Environmental monitoring",
              "Air quality and noise levels for health warnings, noise maps and open data.",
              "environment"),
          new PurposeText(
              "cold-chain",
              "Vaccine cold chain",
              "Keeping the clinics' vaccines within 2-8 °C.",
              "health"),
          new PurposeText(
              "flood-warning",
              "Flood early warning",
              "Warning the public of river floods in time to act.",
              "emergency"));

  /** A register entry: its id, name, what it collects, and why it passes the Triple Test. */
  private record Entry(
      String id,
      String name,
      String collects,
      String department,
      String dataClass,
      String purpose,
      String appropriate,
      String necessary,
      String proportionate) {}

  private static final Map<String, Entry> REGISTER = register();

  private final PlatformHttp http;

  CityGovernance(PlatformHttp http) {
    this.http = http;
  }

  /** Enters the purposes and the register of technologies, and approves the register's entries. */
  void enterRegisters() {
    for (PurposeText purpose : PURPOSES) {
      if (http.get("/api/v1/governance/purposes/" + purpose.id(), 200, 404).status() == 404) {
        ObjectNode body =
            PlatformHttp.JSON
                .createObjectNode()
                .put("id", purpose.id())
                .put("name", purpose.name())
                .put("description", purpose.description())
                .put("legalBasis", "public-task")
                .put("identifying", false);
        body.putArray("departments").add(purpose.department());
        http.post("/api/v1/governance/purposes", body, 201);
      }
    }
    for (Entry entry : REGISTER.values()) {
      PlatformHttp.Answer found = http.get("/api/v1/register/" + entry.id(), 200, 404);
      if (found.status() == 404) {
        http.post("/api/v1/register", entryJson(entry), 201);
      }
      if (found.status() == 404 || !"APPROVED".equals(found.body().path("status").asText())) {
        http.post(
            "/api/v1/register/" + entry.id() + "/approve",
            PlatformHttp.JSON.createObjectNode(),
            200);
      }
    }
  }

  /**
   * Classifies the Datastreams of one device; a personal one is activated, which its approved
   * register entry allows.
   */
  void classify(Device device, Iterable<Long> datastreams) {
    Stewardship stewardship = Stewardship.of(device);
    for (long datastream : datastreams) {
      ObjectNode body =
          PlatformHttp.JSON
              .createObjectNode()
              .put("class", stewardship.dataClass())
              .put("department", stewardship.department())
              .put("technology", stewardship.technology());
      ArrayNode purposes = body.putArray("purposes");
      if (stewardship.isPersonal()) {
        purposes.add(stewardship.purpose());
        body.put("retention", stewardship.retention()).put("subject", stewardship.subject());
      }
      String path = "/api/v1/governance/datastreams/" + datastream;
      http.put(path, body, 200);
      if (stewardship.isPersonal()) {
        http.post(path + "/activate", PlatformHttp.JSON.createObjectNode(), 200);
      }
    }
  }

  private static ObjectNode entryJson(Entry entry) {
    ObjectNode body =
        PlatformHttp.JSON
            .createObjectNode()
            .put("id", entry.id())
            .put("name", entry.name())
            .put("collects", entry.collects())
            .put("cityWide", true)
            .put("department", entry.department());
    body.putArray("purposes").add(entry.purpose());
    body.putArray("dataClasses").add(entry.dataClass());
    body.putArray("capabilities");
    ObjectNode test = body.putObject("tripleTest");
    test.putObject("appropriate").put("answer", "yes").put("reasoning", entry.appropriate());
    test.putObject("necessary").put("answer", "yes").put("reasoning", entry.necessary());
    test.putObject("proportionate").put("answer", "yes").put("reasoning", entry.proportionate());
    return body;
  }

  private static Map<String, Entry> register() {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Entry entry :
        List.of(
            new Entry(
                "household-water-meters",
                "Household water meters",
                "Hourly water consumption of each home, by meter",
                "utilities",
                "personal",
                "leak-detection",
                "Night-time flow above zero shows a leak within a day; bills alone show it months"
                    + " later.",
                "District flow meters locate a leak to a district only; the home's meter is the"
                    + " least data that finds one behind it.",
                "Hourly totals, no appliance detail, pseudonymised for analysts, deleted after 90"
                    + " days; households are warned of leaks they pay for."),
            new Entry(
                "household-smart-meters",
                "Household electricity smart meters",
                "Electricity consumption of each home every 15 minutes, by meter",
                "utilities",
                "personal",
                "grid-planning",
                "Load profiles per street show where the low-voltage grid runs out of capacity.",
                "Substation totals cannot tell which feeder is overloaded; anonymous aggregates"
                    + " would be used if the grid model accepted them.",
                "Pseudonymised, used for planning only, deleted after a year; no tariffs or"
                    + " profiling of households."),
            new Entry(
                "district-flow-meters",
                "District water flow meters",
                "Water flow into each district, every 15 minutes",
                "utilities",
                "internal",
                "network-operation",
                "Shows leaks and bursts in the mains.",
                "Measures pipes, not people.",
                "No personal data."),
            new Entry(
                "substation-telemetry",
                "Substation telemetry",
                "Load of each substation",
                "utilities",
                "internal",
                "network-operation",
                "Keeps the grid within its limits.",
                "Measures equipment, not people.",
                "No personal data."),
            new Entry(
                "vaccine-fridge-monitors",
                "Vaccine fridge monitors",
                "Temperature of the clinics' vaccine fridges",
                "health",
                "internal",
                "cold-chain",
                "Cold-chain excursions spoil vaccines unseen.",
                "Measures fridges, not patients.",
                "No personal data."),
            new Entry(
                "traffic-counting-loops",
                "Traffic counting loops",
                "Counts and mean speeds of vehicles passing a point, per interval",
                "transport",
                "public",
                "traffic-management",
                "Signal timing follows the measured flows.",
                "Loops count vehicles without seeing them; no cameras.",
                "No personal data; published as open data."),
            new Entry(
                "bus-location-trackers",
                "Bus location trackers",
                "Position of each city bus",
                "transport",
                "public",
                "traffic-management",
                "Live arrival times for passengers.",
                "Tracks vehicles of the fleet, never passengers or drivers' other movements.",
                "No personal data; published as open data."),
            new Entry(
                "parking-bay-sensors",
                "Parking bay sensors",
                "Whether a bay is occupied",
                "transport",
                "public",
                "traffic-management",
                "Drivers find free bays without circling.",
                "Detects a vehicle's presence, not which vehicle.",
                "No personal data; published as open data."),
            new Entry(
                "bin-fill-sensors",
                "Bin fill sensors",
                "Fill level of public waste bins",
                "waste",
                "public",
                "waste-collection",
                "Collection routes go to bins that are full.",
                "Measures bins, not who uses them.",
                "No personal data; published as open data."),
            new Entry(
                "air-quality-stations",
                "Air quality stations",
                "NO2, PM10, PM2.5 and ozone concentrations",
                "environment",
                "public",
                "environmental-monitoring",
                "Air quality indices and health warnings.",
                "Measures air, not people.",
                "No personal data; published as open data."),
            new Entry(
                "noise-meters",
                "Noise meters",
                "Sound level in dB(A); never recordings",
                "environment",
                "public",
                "environmental-monitoring",
                "Noise maps and enforcement of quiet hours.",
                "Levels only: no audio is recorded or kept.",
                "No personal data; published as open data."),
            new Entry(
                "smart-streetlights",
                "Smart streetlights",
                "Whether a light is on and its power draw",
                "utilities",
                "public",
                "network-operation",
                "Failed lights are found and energy is saved.",
                "Measures lamps, not passers-by.",
                "No personal data; published as open data."),
            new Entry(
                "river-level-gauges",
                "River level gauges",
                "Water level of the river",
                "emergency",
                "public",
                "flood-warning",
                "Flood warnings in time to act.",
                "Measures the river.",
                "No personal data; published as open data."))) {
      entries.put(entry.id(), entry);
    }
    return entries;
  }
}
