package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.civitas.app.config.CivitasConfig;
import org.civitas.app.config.ConfigLoader;
import org.civitas.app.config.LoadedConfig;
import org.civitas.rules.cap.CapValidator;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.city.District;
import org.civitas.simulator.city.GeoPoint;
import org.civitas.simulator.client.CityRules;
import org.civitas.simulator.client.ProvisionedCity;
import org.civitas.simulator.client.Provisioner;
import org.civitas.simulator.client.RunStats;
import org.civitas.simulator.client.SimulationRunner;
import org.civitas.simulator.client.Target;
import org.civitas.simulator.clock.SimulationClock;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.DeviceKind;
import org.civitas.simulator.device.Protocol;
import org.civitas.simulator.fault.FaultKind;
import org.civitas.simulator.fault.PlannedFault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo city's planted incidents end to end on a real node ({@link RunningCivitas} on free ports
 * of 127.0.0.1, embedded storage and broker): the simulator provisions Brennhaven with its rules, a
 * webhook receiver on 127.0.0.1 is registered as a notification channel, and the period of the open
 * fridge door, the leak and the flood is replayed with the device kinds they concern (vaccine
 * fridges, water meters, river gauges). Then each fault has its alarm at its severity and no other
 * device has one, every alarm reached the webhook signed with the channel's secret, and the flood
 * issued a CAP 1.2 alert over the river's districts that was cancelled when the river fell.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(150)
class IncidentsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHANNEL_SECRET = "brennhaven-ops-webhook-secret";

  @TempDir static Path workingDir;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Simulation whole = Simulation.create(SimulatorConfig.defaults());
  private final Simulation simulation =
      whole.only(Set.of(DeviceKind.VACCINE_FRIDGE, DeviceKind.WATER_METER, DeviceKind.RIVER_GAUGE));
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private RunningCivitas civitas;
  private HttpServer receiver;
  private Target target;

  /** One webhook request as it arrived: the raw body and its signature header. */
  private record Delivery(byte[] body, String signature) {}

  @BeforeAll
  void start() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("CIVITAS_HTTP_HOST", "127.0.0.1");
    env.put("CIVITAS_HTTP_PORT", "0");
    env.put("CIVITAS_MQTT_HOST", "127.0.0.1");
    env.put("CIVITAS_MQTT_PORT", "0");
    env.put("CIVITAS_DATA_DIR", workingDir.resolve("data").toString());
    CivitasConfig.SETTINGS.stream()
        .filter(s -> s.name().equals(DemoCommand.WEBHOOK_SECRET))
        .forEach(s -> env.put(s.envName(), "brennhaven-test-webhook-secret"));
    LoadedConfig loaded = ConfigLoader.load(Optional.empty(), workingDir, env);
    civitas = RunningCivitas.start(loaded.config());
    target = DemoCommand.target(civitas, loaded);

    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            deliveries.add(
                new Delivery(
                    in.readAllBytes(),
                    exchange.getRequestHeaders().getFirst("X-Civitas-Signature")));
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
    if (civitas != null) {
      civitas.close();
    }
    client.close();
  }

  @Test
  void the_planted_faults_raise_their_alarms_notify_a_signed_webhook_and_the_flood_a_cap_alert()
      throws Exception {
    ObjectNode channel =
        JSON.createObjectNode()
            .put("name", "ops-webhook")
            .put("type", "webhook")
            .put("url", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
            .put("secret", CHANNEL_SECRET)
            .put("minSeverity", "MAJOR");
    assertThat(send("POST", "/api/v1/notification-channels", channel).statusCode()).isEqualTo(201);

    ProvisionedCity city = new Provisioner(simulation, target, client).provision();
    assertThat(city.rules()).isEqualTo(2 + simulation.city().districts().size());
    assertThat(city.rulesChanged()).isEqualTo(city.rules());
    // A second provisioning changes no rule; it rotates the devices' secrets, so it is the one run.
    ProvisionedCity again = new Provisioner(simulation, target, client).provision();
    assertThat(again.rulesChanged()).as("rules changed by a second provisioning").isZero();
    Map<String, String> rules = new HashMap<>();
    for (JsonNode rule : get("/api/v1/rules").path("value")) {
      assertThat(rule.path("version").asInt()).as(rule.path("name").asText()).isEqualTo(1);
      rules.put(rule.path("name").asText(), rule.path("id").asText());
    }

    PlannedFault door = only(FaultKind.DOOR_OPEN);
    PlannedFault leak = only(FaultKind.LEAK);
    PlannedFault flood = only(FaultKind.FLOOD_RISE);
    Device gauge = whole.device(flood.deviceId()).orElseThrow();
    // The leak rule holds once a whole day of night flow includes the leak (26 h is CityRulesTest's
    // bound); the flood's Cancel once the gauge is back below the warning level less hysteresis.
    Instant until = max(leak.start().plus(Duration.ofHours(26)), fallen(gauge, flood));
    Instant from = whole.config().start();
    RunStats stats;
    try (SimulationRunner runner = new SimulationRunner(simulation, target, again, client, 64)) {
      stats = runner.run(SimulationClock.replay(from), until, Duration.ofSeconds(90), null);
    }
    for (Protocol protocol : Protocol.values()) {
      assertThat(stats.failed(protocol))
          .as("%s failures (last: %s)", protocol, stats.lastFailure(protocol))
          .isZero();
    }
    assertThat(stats.sent(Protocol.HTTP)).isPositive();

    long fridgeStream = datastream(door.deviceId(), "temperature");
    long flowStream = datastream(leak.deviceId(), "flow");
    long gaugeStream = datastream(flood.deviceId(), "waterLevel");
    String leakRule =
        rules.get(
            CityRules.LEAK
                + whole
                    .city()
                    .district(whole.device(leak.deviceId()).orElseThrow().districtId())
                    .name());
    String coldChainRule = rules.get(CityRules.COLD_CHAIN);
    String floodRule = rules.get(CityRules.FLOOD);

    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              List<JsonNode> alarms = alarms();
              assertThat(alarms)
                  .extracting(a -> a.path("ruleId").asText() + " " + a.path("source").asText())
                  .containsExactlyInAnyOrder(
                      coldChainRule + " Datastreams(" + fridgeStream + ")",
                      leakRule
                          + " Datastreams("
                          + flowStream
                          + ") AND Datastreams("
                          + flowStream
                          + ")",
                      floodRule + " Datastreams(" + gaugeStream + ")");
            });
    Map<String, JsonNode> byRule = new HashMap<>();
    alarms().forEach(a -> byRule.put(a.path("ruleId").asText(), a));
    assertThat(byRule.get(coldChainRule).path("severity").asText()).isEqualTo("MAJOR");
    assertThat(byRule.get(leakRule).path("severity").asText()).isEqualTo("MAJOR");
    assertThat(byRule.get(floodRule).path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(Instant.parse(byRule.get(coldChainRule).path("raisedAt").asText()))
        .isBetween(door.start(), door.end());

    Set<Long> alarmIds = new HashSet<>();
    byRule.values().forEach(a -> alarmIds.add(a.path("id").asLong()));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(raisedAlarmsDelivered()).isEqualTo(alarmIds));
    for (Delivery delivery : deliveries) {
      assertThat(delivery.signature())
          .as(new String(delivery.body(), StandardCharsets.UTF_8))
          .isEqualTo("sha256=" + hmac(delivery.body()));
    }

    JsonNode floodAlert = null;
    for (JsonNode alert : get("/api/v1/alerts").path("value")) {
      if (alert.path("info").path("event").asText().equals("Flood warning")) {
        floodAlert = alert;
      }
    }
    assertThat(floodAlert).as("the flood's public alert").isNotNull();
    assertThat(floodAlert.path("msgType").asText())
        .as("the chain's last message")
        .isEqualTo("Cancel");
    JsonNode history =
        get("/api/v1/alerts/" + floodAlert.path("identifier").asText()).path("history");
    assertThat(history).extracting(m -> m.path("msgType").asText()).startsWith("Alert");
    JsonNode first = get("/api/v1/alerts/" + history.path(0).path("identifier").asText());
    assertThat(first.path("msgType").asText()).isEqualTo("Alert");
    assertThat(first.path("info").path("severity").asText()).isEqualTo("Severe");
    assertThat(first.path("info").path("urgency").asText()).isEqualTo("Immediate");
    assertThat(first.path("info").path("certainty").asText()).isEqualTo("Observed");
    CapValidator validator = new CapValidator();
    for (JsonNode message : history) {
      String xml = text("/api/v1/alerts/" + message.path("identifier").asText() + ".xml");
      assertThat(validator.problems(xml)).as(xml).isEmpty();
      assertThat(xml)
          .contains("<msgType>" + message.path("msgType").asText() + "</msgType>")
          .contains("<event>Flood warning</event>");
    }
    List<District> river = whole.city().riverDistricts();
    JsonNode polygons = first.path("area").path("polygon");
    assertThat(polygons).hasSize(river.size());
    for (District district : river) {
      assertThat(polygons)
          .as("a polygon of %s", district.name())
          .anySatisfy(p -> assertThat(sameRing(p.asText(), district.boundary())).isTrue());
    }
  }

  /** The ids of the alarms whose {@code raised} event reached the receiver. */
  private Set<Long> raisedAlarmsDelivered() throws IOException {
    Set<Long> ids = new HashSet<>();
    for (Delivery delivery : deliveries) {
      JsonNode event = JSON.readTree(delivery.body());
      if (event.path("event").asText().equals("raised")) {
        ids.add(event.path("alarm").path("id").asLong());
      }
    }
    return ids;
  }

  /** Whether a CAP polygon ("lat,lon lat,lon ...", closed) is the district's boundary. */
  private static boolean sameRing(String polygon, List<GeoPoint> boundary) {
    String[] pairs = polygon.trim().split("\\s+");
    if (pairs.length != boundary.size() + 1) {
      return false;
    }
    for (int i = 0; i < pairs.length; i++) {
      String[] latLon = pairs[i].split(",");
      GeoPoint expected = boundary.get(i % boundary.size());
      if (Math.abs(Double.parseDouble(latLon[0]) - expected.lat()) > 1e-5
          || Math.abs(Double.parseDouble(latLon[1]) - expected.lon()) > 1e-5) {
        return false;
      }
    }
    return true;
  }

  /** When the flooded gauge is back at or below where the flood rule clears, after its crest. */
  private Instant fallen(Device gauge, PlannedFault flood) {
    Instant t = flood.start().plus(Duration.ofHours(12));
    for (int step = 0; step < 24 * 4 * 3; step++, t = t.plus(gauge.interval())) {
      double level = whole.readingAt(gauge, t).orElseThrow().number("waterLevel");
      if (level <= CityRules.RIVER_WARNING_LEVEL_METRES - CityRules.RIVER_HYSTERESIS_METRES) {
        return t.plus(Duration.ofMinutes(30));
      }
    }
    throw new AssertionError("the flooded gauge does not fall back within three days");
  }

  private PlannedFault only(FaultKind kind) {
    return whole.faults().of(kind).getFirst();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private long datastream(String deviceId, String field) throws Exception {
    return get("/api/v1/devices/" + deviceId).path("fields").path(field).asLong();
  }

  private List<JsonNode> alarms() throws Exception {
    List<JsonNode> alarms = new ArrayList<>();
    get("/api/v1/alarms?top=1000").path("value").forEach(alarms::add);
    return alarms;
  }

  private static String hmac(byte[] body) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(CHANNEL_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(body));
  }

  private HttpResponse<String> send(String method, String path, JsonNode body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(target.http() + path))
            .header("Authorization", "Bearer " + target.apiKey())
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String text(String path) throws Exception {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(target.http() + path))
                .header("Authorization", "Bearer " + target.apiKey())
                .build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private JsonNode get(String path) throws Exception {
    return JSON.readTree(text(path));
  }
}
