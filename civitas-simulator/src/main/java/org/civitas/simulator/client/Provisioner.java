package org.civitas.simulator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.device.DatastreamSpec;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Protocol;
import org.civitas.simulator.random.RandomStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the simulated city on a Civitas through its public HTTP APIs, as a city's integrator would:
 * the districts ({@code PUT /api/v1/districts}), one byte-layout profile per LoRaWAN device kind,
 * one ObservedProperty per quantity and one Sensor per device model, and for each device its Thing
 * with its Location and Datastreams (one deep insert) and its registration (with its DevEUI when it
 * is a LoRaWAN device).
 *
 * <p>Idempotent: what exists is found by name (ObservedProperties, Sensors, Things) or id (devices)
 * and reused, so running it again against the same platform adds nothing. Secrets are answered only
 * once, so a device found registered already gets its credential rotated to learn a new one. The
 * secrets stay in memory, in the answered {@link ProvisionedCity}.
 *
 * <p>Then the demo's rules ({@link CityRules}) through {@code /api/v1/rules}, found by name: one
 * missing is created, one whose definition differs is PUT as a new version, the others are left.
 */
public final class Provisioner {
  private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);
  private static final Pattern ID = Pattern.compile("\\((\\d+)\\)$");
  private static final int PARALLEL = 4;

  private final Simulation simulation;
  private final PlatformHttp http;
  private final CityGovernance governance;

  public Provisioner(Simulation simulation, Target target, HttpClient client) {
    this.simulation = simulation;
    this.http = new PlatformHttp(client, target);
    this.governance = new CityGovernance(http);
  }

  /**
   * Provisions the whole city; blocks until it stands.
   *
   * @throws PlatformException when the platform refuses a step or cannot be reached
   */
  public ProvisionedCity provision() {
    http.put("/api/v1/districts", simulation.city().districtsGeoJson(), 200);
    int districts = simulation.city().districts().size();
    // Before any device: a personal-data Datastream collects only under an approved entry.
    governance.enterRegisters();

    Map<String, Device> lorawanKinds = new LinkedHashMap<>();
    Map<String, Long> properties = new HashMap<>();
    Map<String, Long> sensors = new HashMap<>();
    for (Device device : simulation.devices()) {
      if (device.protocol() == Protocol.LORAWAN) {
        lorawanKinds.putIfAbsent(Payloads.profileName(device), device);
      }
      for (DatastreamSpec stream : device.datastreams()) {
        properties.computeIfAbsent(stream.observedProperty(), this::observedProperty);
      }
      sensors.computeIfAbsent(device.model(), model -> sensor(device));
    }
    lorawanKinds.forEach(
        (name, device) -> {
          ObjectNode profile = PlatformHttp.JSON.createObjectNode().put("codec", "byte-layout");
          profile.set("codecSpec", Payloads.layout(device));
          http.put("/api/v1/device-profiles/" + name, profile, 200);
        });

    Map<String, Credentials> credentials = new ConcurrentHashMap<>();
    AtomicInteger created = new AtomicInteger();
    AtomicInteger reused = new AtomicInteger();
    try (ExecutorService workers = Executors.newFixedThreadPool(PARALLEL)) {
      List<Future<?>> done =
          simulation.devices().stream()
              .<Future<?>>map(
                  device ->
                      workers.submit(
                          () -> {
                            boolean existed = device(device, properties, sensors, credentials);
                            (existed ? reused : created).incrementAndGet();
                          }))
              .toList();
      for (Future<?> step : done) {
        step.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new PlatformException("", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException("interrupted while provisioning", e);
    }
    List<ObjectNode> rules = CityRules.of(simulation, flowDatastreams());
    int rulesChanged = rules(rules);
    LOG.info(
        "{} provisioned: {} districts, {} devices ({} new, {} found and reused), {} rules ({}"
            + " new or changed)",
        simulation.city().name(),
        districts,
        credentials.size(),
        created.get(),
        reused.get(),
        rules.size(),
        rulesChanged);
    return new ProvisionedCity(
        districts, created.get(), reused.get(), credentials, rules.size(), rulesChanged);
  }

  /** The Datastream of each district flow meter's flow, by device id, as registered. */
  private Map<String, Long> flowDatastreams() {
    Map<String, Long> streams = new HashMap<>();
    for (Device meter : CityRules.flowMeters(simulation)) {
      JsonNode flow = http.get("/api/v1/devices/" + meter.id(), 200).body().path("fields");
      if (flow.path("flow").canConvertToLong()) {
        streams.put(meter.id(), flow.path("flow").asLong());
      }
    }
    return streams;
  }

  /**
   * Puts the demo's rules, found by name: a missing one is created, one whose definition differs
   * gets a new version, one as wanted is left alone. Answers how many were created or changed.
   */
  private int rules(List<ObjectNode> wanted) {
    Map<String, JsonNode> standing = new HashMap<>();
    for (JsonNode rule : http.get("/api/v1/rules", 200).body().path("value")) {
      standing.putIfAbsent(rule.path("name").asText(), rule);
    }
    int changed = 0;
    for (ObjectNode rule : wanted) {
      JsonNode existing = standing.get(rule.path("name").asText());
      if (existing == null) {
        http.post("/api/v1/rules", rule, 201);
        changed++;
      } else if (!sameDefinition(rule, existing)) {
        http.put("/api/v1/rules/" + existing.path("id").asText(), rule, 200);
        changed++;
      }
    }
    return changed;
  }

  /**
   * Whether a stored rule says what the wanted one does: every member wanted is stored alike
   * (numbers by value, as the platform may write 8 as 8.0), the author aside, who is not part of a
   * definition.
   */
  static boolean sameDefinition(JsonNode wanted, JsonNode stored) {
    if (wanted.isNumber()) {
      return stored.isNumber() && wanted.decimalValue().compareTo(stored.decimalValue()) == 0;
    }
    if (wanted.isObject()) {
      if (!stored.isObject()) {
        return false;
      }
      for (var member : wanted.properties()) {
        if (!member.getKey().equals("author")
            && !sameDefinition(member.getValue(), stored.path(member.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (wanted.isArray()) {
      if (!stored.isArray() || stored.size() != wanted.size()) {
        return false;
      }
      for (int i = 0; i < wanted.size(); i++) {
        if (!sameDefinition(wanted.get(i), stored.get(i))) {
          return false;
        }
      }
      return true;
    }
    return wanted.equals(stored);
  }

  /** The DevEUI of a simulated LoRaWAN device: stable, from its id. */
  static String devEui(Device device) {
    return String.format(Locale.ROOT, "%016X", RandomStreams.key("devEui:" + device.id()));
  }

  /** Registers the device unless it is; answers whether it was registered already. */
  private boolean device(
      Device device,
      Map<String, Long> properties,
      Map<String, Long> sensors,
      Map<String, Credentials> credentials) {
    String devEui = device.protocol() == Protocol.LORAWAN ? devEui(device) : null;
    PlatformHttp.Answer existing = http.get("/api/v1/devices/" + device.id(), 200, 404);
    if (existing.status() == 200) {
      PlatformHttp.Answer rotated =
          http.post(
              "/api/v1/devices/" + device.id() + "/credentials",
              PlatformHttp.JSON.createObjectNode(),
              200);
      credentials.put(
          device.id(),
          new Credentials(device.id(), rotated.body().path("secret").asText(), devEui));
      List<Long> mapped = new java.util.ArrayList<>();
      existing.body().path("fields").forEach(id -> mapped.add(id.asLong()));
      governance.classify(device, mapped);
      return true;
    }
    long thing =
        findId("Things", device.id()).orElseGet(() -> createThing(device, properties, sensors));
    Map<String, Long> streams = new HashMap<>();
    JsonNode found =
        http.get("/v1.1/Things(" + thing + ")/Datastreams?$select=id,name&$top=100", 200).body();
    for (JsonNode stream : found.path("value")) {
      streams.put(stream.path("name").asText(), stream.path("@iot.id").asLong());
    }
    ObjectNode registration =
        PlatformHttp.JSON
            .createObjectNode()
            .put("id", device.id())
            .put("thingId", thing)
            .put("name", description(device))
            .put("district", simulation.city().district(device.districtId()).name())
            .put("department", Stewardship.of(device).department())
            .put("expectedInterval", device.interval().toString());
    if (devEui != null) {
      registration.put("profile", Payloads.profileName(device)).put("devEui", devEui);
    }
    ObjectNode fields = registration.putObject("fields");
    for (DatastreamSpec stream : device.datastreams()) {
      Long id = streams.get(datastreamName(device, stream));
      if (id == null) {
        throw new PlatformException(
            "Thing " + thing + " of " + device.id() + " has no Datastream " + stream.field());
      }
      fields.put(stream.field(), id);
    }
    JsonNode answer = http.post("/api/v1/devices", registration, 201).body();
    // Before the device's first uplink: a household meter collects once classified and active.
    governance.classify(device, streams.values());
    credentials.put(
        device.id(), new Credentials(device.id(), answer.path("secret").asText(), devEui));
    return false;
  }

  private long createThing(Device device, Map<String, Long> properties, Map<String, Long> sensors) {
    String district = simulation.city().district(device.districtId()).name();
    ObjectNode thing =
        PlatformHttp.JSON
            .createObjectNode()
            .put("name", device.id())
            .put("description", description(device));
    thing
        .putObject("properties")
        .put("kind", device.kind().name().toLowerCase(Locale.ROOT))
        .put("model", device.model())
        .put("district", district)
        .put("protocol", device.protocol().name().toLowerCase(Locale.ROOT))
        .put("city", simulation.city().name());
    ObjectNode location =
        thing
            .putArray("Locations")
            .addObject()
            .put("name", device.id() + " site")
            .put("description", "Where " + device.id() + " is installed, in " + district)
            .put("encodingType", "application/geo+json");
    location
        .putObject("location")
        .put("type", "Point")
        .putArray("coordinates")
        .add(device.location().lon())
        .add(device.location().lat());
    ArrayNode datastreams = thing.putArray("Datastreams");
    for (DatastreamSpec stream : device.datastreams()) {
      ObjectNode datastream =
          datastreams
              .addObject()
              .put("name", datastreamName(device, stream))
              .put("description", stream.observedProperty() + " at " + device.id())
              .put("observationType", stream.observationType().uri());
      ObjectNode unit = datastream.putObject("unitOfMeasurement");
      unit.put("name", stream.unitName()).put("symbol", stream.unitSymbol());
      unit.put(
          "definition",
          stream.unitSymbol() == null ? null : "https://ucum.org/ucum#" + stream.unitSymbol());
      datastream.putObject("Sensor").put("@iot.id", sensors.get(device.model()));
      datastream
          .putObject("ObservedProperty")
          .put("@iot.id", properties.get(stream.observedProperty()));
    }
    PlatformHttp.Answer answer = http.post("/v1.1/Things", thing, 201);
    return idOf(answer.location());
  }

  private long observedProperty(String name) {
    return findId("ObservedProperties", name)
        .orElseGet(
            () -> {
              ObjectNode property =
                  PlatformHttp.JSON
                      .createObjectNode()
                      .put("name", name)
                      .put(
                          "definition",
                          "urn:civitas:brennhaven:property:"
                              + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"))
                      .put("description", name);
              return idOf(http.post("/v1.1/ObservedProperties", property, 201).location());
            });
  }

  private long sensor(Device device) {
    return findId("Sensors", device.model())
        .orElseGet(
            () -> {
              ObjectNode sensor =
                  PlatformHttp.JSON
                      .createObjectNode()
                      .put("name", device.model())
                      .put(
                          "description",
                          "Simulated " + device.kind().name().toLowerCase(Locale.ROOT) + " model")
                      .put("encodingType", "text/plain")
                      .put("metadata", device.model() + ", simulated by civitas-simulator");
              return idOf(http.post("/v1.1/Sensors", sensor, 201).location());
            });
  }

  private java.util.Optional<Long> findId(String collection, String name) {
    JsonNode page =
        http.get(
                "/v1.1/"
                    + collection
                    + "?$select=id&$top=1&$filter=name%20eq%20"
                    + PlatformHttp.literal(name),
                200)
            .body();
    JsonNode first = page.path("value").path(0);
    return first.isMissingNode()
        ? java.util.Optional.empty()
        : java.util.Optional.of(first.path("@iot.id").asLong());
  }

  private static long idOf(String location) {
    Matcher matcher = location == null ? null : ID.matcher(location);
    if (matcher == null || !matcher.find()) {
      throw new PlatformException("a created entity answered no Location with its id: " + location);
    }
    return Long.parseLong(matcher.group(1));
  }

  private static String datastreamName(Device device, DatastreamSpec stream) {
    return device.id() + " " + stream.field();
  }

  private String description(Device device) {
    return device.model()
        + " ("
        + device.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
        + ") in "
        + simulation.city().district(device.districtId()).name();
  }
}
