package org.civitas.devices.lorawan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.civitas.devices.codec.Codecs;
import org.civitas.devices.codec.Reading;
import org.civitas.devices.http.DeviceRoutes;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.devices.store.DeviceStore;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.tasking.TaskDelivery;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The LoRaWAN webhooks and Task downlinks end to end: a real {@link CivitasServer} on a free port
 * of 127.0.0.1 with the device and webhook routes, the registry and the ingest pipeline wired as
 * the app wires them, and a fake ChirpStack REST API on loopback that records the downlinks it is
 * sent. One subclass per storage engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LorawanWebhookContract {
  private static final String SECRET = "0123456789abcdef-webhook";
  private static final String TOKEN = "chirpstack-api-token";
  private static final String MEASUREMENT =
      "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";

  /** Quick retries, so that exhausting them takes a fraction of a second. */
  private static final TaskDelivery.Retries QUICK =
      new TaskDelivery.Retries(3, Duration.ofMillis(50), Duration.ofMillis(200));

  /** A downlink the fake ChirpStack received. */
  record Queued(String path, String authorization, JsonNode body) {}

  private SensingStore store;
  private CivitasServer server;
  private DeviceIngest ingest;
  private PrometheusMeterRegistry meters;
  private HttpServer chirpstack;
  private final ExecutorService chirpstackThreads = Executors.newFixedThreadPool(2);
  private final BlockingQueue<Queued> queued = new LinkedBlockingQueue<>();

  /** DevEUIs (lower case, as in ChirpStack's paths) the fake ChirpStack answers 500 for. */
  private final Set<String> failing = ConcurrentHashMap.newKeySet();

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String base;

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void start() throws IOException {
    chirpstack = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    chirpstack.createContext("/", this::chirpstackApi);
    chirpstack.setExecutor(chirpstackThreads);
    chirpstack.start();
    URI chirpstackUrl = URI.create("http://127.0.0.1:" + chirpstack.getAddress().getPort());

    store = openStore();
    meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server =
        new CivitasServer(new ServerSettings("127.0.0.1", 0, null, 100, 1000), store, meters)
            .withTaskRetries(QUICK);
    DeviceStore devices = Storage.devices(store);
    Clock clock = Clock.systemUTC();
    DeviceRegistry registry = new DeviceRegistry(devices, server.sensing(), clock);
    ingest = DeviceIngest.start(registry, devices, server.sensing(), Duration.ofMillis(200));
    server.withRoutes(routes -> DeviceRoutes.register(routes, registry, ingest, clock));
    server.withRoutes(
        routes ->
            LorawanRoutes.register(
                routes, Optional.of(WebhookSecret.of(SECRET)), registry, ingest, meters, clock));
    server
        .sensing()
        .sendDownlinksWith(
            new LorawanDownlinkSender(
                registry,
                Optional.of(new ChirpStackDownlinks(chirpstackUrl, TOKEN, Duration.ofSeconds(5))),
                Optional.empty()));
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterAll
  void stop() {
    server.stop();
    ingest.close();
    store.close();
    chirpstack.stop(0);
    chirpstackThreads.shutdownNow();
    cleanUp();
  }

  private void chirpstackApi(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getRawPath();
    queued.add(
        new Queued(
            path,
            exchange.getRequestHeaders().getFirst("Grpc-Metadata-Authorization"),
            EventJson.MAPPER.readTree(body)));
    boolean fail = failing.stream().anyMatch(devEui -> path.contains(devEui));
    byte[] answer =
        (fail
                ? "{\"code\": 13, \"message\": \"queue is on fire\"}"
                : "{\"id\": \"" + UUID.randomUUID() + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(fail ? 500 : 200, answer.length);
    exchange.getResponseBody().write(answer);
    exchange.close();
  }

  // ------------------------------------------------------------------------------ helpers

  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      try {
        return EventJson.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
      }
    }
  }

  private Answer send(String method, String path, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Answer get(String path) {
    return send("GET", path, null, Map.of());
  }

  private Answer post(String path, String json) {
    return send("POST", path, json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private Answer put(String path, String json) {
    return send("PUT", path, json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private Answer webhook(String path, byte[] body) {
    return send("POST", path, body, Map.of(WebhookSecret.DEFAULT_HEADER, SECRET));
  }

  private static String devEui() {
    return HexFormat.of().withUpperCase().formatHex(randomBytes(8));
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  /** A ChirpStack event fixture with another DevEUI. */
  private static byte[] chirpstack(String fixture, String devEui) {
    return Fixtures.altered(
        fixture, tree -> ((ObjectNode) tree.get("deviceInfo")).put("devEui", devEui));
  }

  /** A Thing with a Datastream of each unit; the Thing's id, then each Datastream's id. */
  private List<Long> thing(String... unitsByName) {
    List<String> datastreams = new ArrayList<>();
    for (int i = 0; i < unitsByName.length; i += 2) {
      datastreams.add(
          """
          {"name": "%s", "description": "a stream", "observationType": "%s",
           "unitOfMeasurement": {"name": "%s", "symbol": "%s", "definition": "ucum:%s"},
           "Sensor": {"name": "s", "description": "s", "encodingType": "application/pdf",
                      "metadata": "https://example.org/s.pdf"},
           "ObservedProperty": {"name": "%s", "definition": "https://example.org/p",
                                "description": "p"}}"""
              .formatted(
                  unitsByName[i],
                  MEASUREMENT,
                  unitsByName[i + 1],
                  unitsByName[i + 1],
                  unitsByName[i + 1],
                  unitsByName[i]));
    }
    Answer created =
        post(
            "/v1.1/Things",
            """
            {"name": "sensor", "description": "a LoRaWAN sensor",
             "Locations": [{"name": "kerkplein", "description": "on a lamp post",
               "encodingType": "application/geo+json",
               "location": {"type": "Point", "coordinates": [4.8922, 52.3731]}}],
             "Datastreams": [%s]}"""
                .formatted(String.join(",", datastreams)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long thing = created.json().get("@iot.id").asLong();
    List<Long> ids = new ArrayList<>(List.of(thing));
    get("/v1.1/Things(" + thing + ")/Datastreams?$orderby=id")
        .json()
        .get("value")
        .forEach(stream -> ids.add(stream.get("@iot.id").asLong()));
    return ids;
  }

  private void profile(String name, String codec, String spec) {
    Answer saved =
        put(
            "/api/v1/device-profiles/" + name,
            "{\"codec\": \"%s\", \"codecSpec\": %s}".formatted(codec, spec));
    assertThat(saved.status()).as(saved.body()).isEqualTo(200);
  }

  private String provision(long thing, String profile, String devEui, String fields) {
    String id = "lora-" + UUID.randomUUID().toString().substring(0, 8);
    Answer answer =
        post(
            "/api/v1/devices",
            """
            {"id": "%s", "thingId": %d, "name": "a LoRaWAN sensor", "profile": %s,
             "devEui": "%s", "fields": %s}"""
                .formatted(
                    id, thing, profile == null ? "null" : "\"" + profile + "\"", devEui, fields));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return id;
  }

  private JsonNode observations(long datastream) {
    return get("/v1.1/Datastreams(" + datastream + ")/Observations").json().get("value");
  }

  private String unitOf(long datastream) {
    return get("/v1.1/Datastreams(" + datastream + ")")
        .json()
        .get("unitOfMeasurement")
        .get("symbol")
        .asText();
  }

  private double events(String outcome) {
    return meters.find("civitas_lorawan_events").tag("outcome", outcome).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private static void assertProblem(Answer answer, int status, String field) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.json().get("field").asText()).isEqualTo(field);
  }

  /** A ChirpStack device of a Cayenne LPP profile with temperature and humidity streams. */
  private record Climate(String id, String devEui, long temperature, long humidity) {}

  private Climate climate() {
    profile("lpp", "cayenne-lpp", "null");
    List<Long> thing = thing("temperature", "Cel", "humidity", "%");
    String devEui = devEui();
    String id =
        provision(
            thing.get(0),
            "lpp",
            devEui,
            "{\"temperature_3\": %d, \"humidity_5\": %d}".formatted(thing.get(1), thing.get(2)));
    return new Climate(id, devEui, thing.get(1), thing.get(2));
  }

  // -------------------------------------------------------------------------------- tests

  @Test
  void a_chirpstack_uplink_in_cayenne_lpp_becomes_observations_with_the_datastreams_units() {
    Climate device = climate();

    Answer answer =
        webhook(
            LorawanRoutes.CHIRPSTACK + "?event=up",
            chirpstack("chirpstack-up-cayenne.json", device.devEui()));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("observations")).hasSize(2);
    assertThat(answer.json().get("unmapped").get(0).asText()).isEqualTo("voltage_9");
    JsonNode temperature = observations(device.temperature());
    assertThat(temperature).hasSize(1);
    assertThat(temperature.get(0).get("result").decimalValue()).isEqualByComparingTo("27.2");
    assertThat(temperature.get(0).get("phenomenonTime").asText())
        .startsWith("2026-11-30T08:15:42.123");
    assertThat(observations(device.humidity()).get(0).get("result").decimalValue())
        .isEqualByComparingTo("48.5");
    // The codec's UCUM units are the ones the Datastreams declare.
    List<Reading> readings =
        Codecs.forProfile(new DeviceProfile("lpp", "cayenne-lpp", null))
            .decode(
                ChirpStackEvents.parseUp(Fixtures.bytes("chirpstack-up-cayenne.json")).payload());
    assertThat(readings.get(0).unit()).isEqualTo(unitOf(device.temperature()));
    assertThat(readings.get(1).unit()).isEqualTo(unitOf(device.humidity()));
  }

  @Test
  void a_tts_uplink_in_a_byte_layout_becomes_observations() {
    profile("waste-bin", "byte-layout", Fixtures.text("waste-bin-layout.json"));
    List<Long> thing = thing("fill", "%", "temperature", "Cel");
    String devEui = devEui();
    String id =
        provision(
            thing.get(0),
            "waste-bin",
            devEui,
            "{\"fill\": %d, \"temperature\": %d}".formatted(thing.get(1), thing.get(2)));
    byte[] body =
        Fixtures.altered(
            "tts-uplink-bytes.json",
            tree -> ((ObjectNode) tree.get("end_device_ids")).put("dev_eui", devEui));

    Answer answer = webhook(LorawanRoutes.TTS, body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("device").asText()).isEqualTo(id);
    assertThat(observations(thing.get(1)).get(0).get("result").decimalValue())
        .isEqualByComparingTo("77.5");
    assertThat(observations(thing.get(2)).get(0).get("result").decimalValue())
        .isEqualByComparingTo("-2.0");
    assertThat(unitOf(thing.get(1))).isEqualTo("%");
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !get("/api/v1/devices/" + id).json().get("activity").isNull());
    JsonNode activity = get("/api/v1/devices/" + id).json().get("activity");
    assertThat(activity.get("rssiDbm").asDouble()).isEqualTo(-68.0);
    assertThat(activity.get("batteryPercent").asDouble()).isEqualTo(87.5);
  }

  @Test
  void the_same_webhook_delivered_twice_is_stored_once() {
    Climate device = climate();
    byte[] body = chirpstack("chirpstack-up-cayenne.json", device.devEui());

    Answer first = webhook(LorawanRoutes.CHIRPSTACK + "?event=up", body);
    Answer again = webhook(LorawanRoutes.CHIRPSTACK + "?event=up", body);

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().get("observations")).isEqualTo(first.json().get("observations"));
    assertThat(observations(device.temperature())).hasSize(1);
    assertThat(observations(device.humidity())).hasSize(1);
  }

  @Test
  void a_missing_or_wrong_secret_is_401_and_stores_nothing() {
    Climate device = climate();
    byte[] body = chirpstack("chirpstack-up-cayenne.json", device.devEui());

    Answer missing = send("POST", LorawanRoutes.CHIRPSTACK + "?event=up", body, Map.of());
    Answer wrong =
        send(
            "POST",
            LorawanRoutes.TTS,
            body,
            Map.of(WebhookSecret.DEFAULT_HEADER, "not-the-secret-at-all"));

    assertProblem(missing, 401, WebhookSecret.DEFAULT_HEADER);
    assertProblem(wrong, 401, WebhookSecret.DEFAULT_HEADER);
    assertThat(observations(device.temperature())).isEmpty();
  }

  @Test
  void an_unknown_dev_eui_is_acknowledged_and_counted() {
    double before = events("unknown-device");

    Answer answer =
        webhook(
            LorawanRoutes.CHIRPSTACK + "?event=up",
            chirpstack("chirpstack-up-cayenne.json", devEui()));

    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    assertThat(events("unknown-device")).isEqualTo(before + 1);
    assertThat(meters.scrape())
        .contains(
            "civitas_lorawan_events_total{event=\"up\",network=\"chirpstack\",outcome=\"unknown-device\"}");
  }

  @Test
  void a_frame_without_application_data_is_acknowledged_and_skipped() {
    Climate device = climate();
    byte[] body =
        Fixtures.altered(
            "chirpstack-up-cayenne.json",
            tree -> {
              ((ObjectNode) tree.get("deviceInfo")).put("devEui", device.devEui());
              tree.put("fPort", 0);
              tree.remove("data");
            });

    Answer answer = webhook(LorawanRoutes.CHIRPSTACK + "?event=up", body);

    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    assertThat(observations(device.temperature())).isEmpty();
  }

  @Test
  void a_malformed_event_is_400_naming_its_json_path() {
    Climate device = climate();
    byte[] body =
        Fixtures.altered(
            "chirpstack-up-cayenne.json",
            tree -> {
              ((ObjectNode) tree.get("deviceInfo")).put("devEui", device.devEui());
              tree.put("fPort", "two");
            });

    Answer answer = webhook(LorawanRoutes.CHIRPSTACK + "?event=up", body);

    assertProblem(answer, 400, "fPort");
    assertThat(observations(device.temperature())).isEmpty();
  }

  @Test
  void a_status_event_puts_the_battery_into_the_devices_activity() {
    Climate device = climate();

    Answer answer =
        webhook(
            LorawanRoutes.CHIRPSTACK + "?event=status",
            chirpstack("chirpstack-status.json", device.devEui()));

    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !get("/api/v1/devices/" + device.id()).json().get("activity").isNull());
    JsonNode activity = get("/api/v1/devices/" + device.id()).json().get("activity");
    assertThat(activity.get("batteryPercent").asDouble()).isEqualTo(76.37795);
    assertThat(activity.get("uplinks").asLong()).isZero();
    assertThat(activity.get("lastSeen").asText()).isEqualTo("2026-11-30T09:00:03.907Z");
  }

  @Test
  void a_join_is_recorded_as_the_devices_last_activity() {
    Climate device = climate();

    Answer answer =
        webhook(
            LorawanRoutes.CHIRPSTACK + "?event=join",
            chirpstack("chirpstack-join.json", device.devEui()));

    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !get("/api/v1/devices/" + device.id()).json().get("activity").isNull());
    assertThat(
            get("/api/v1/devices/" + device.id()).json().get("activity").get("lastSeen").asText())
        .isEqualTo("2026-11-30T08:01:07.412Z");
  }

  // ----------------------------------------------------------------------------- downlinks

  private static final String LAMP_LAYOUT =
      """
      {"fields": [
        {"name": "state", "offset": 0, "type": "uint8", "enum": {"0": "off", "1": "on"}},
        {"name": "brightness", "offset": 1, "type": "uint8"}]}""";

  private static final String LAMP_PARAMETERS =
      """
      {"type": "DataRecord",
       "field": [
         {"name": "state", "label": "On/Off", "type": "Category",
          "constraint": {"type": "AllowedTokens", "value": ["on", "off"]}},
         {"name": "brightness", "label": "Brightness", "type": "Quantity", "uom": {"code": "%"},
          "optional": true}]}""";

  /** A lamp device on ChirpStack and a TaskingCapability delivering to it; the capability's id. */
  private long lamp(String devEui) {
    profile("lamp", "byte-layout", LAMP_LAYOUT);
    Answer thing = post("/v1.1/Things", "{\"name\": \"lamp\", \"description\": \"a street lamp\"}");
    assertThat(thing.status()).as(thing.body()).isEqualTo(201);
    long thingId = thing.json().get("@iot.id").asLong();
    String device = provision(thingId, "lamp", devEui, "{}");
    Answer capability =
        post(
            "/v1.1/TaskingCapabilities",
            """
            {"name": "switch", "description": "switches the lamp",
             "taskingParameters": %s,
             "properties": {"delivery": {"lorawan": {"device": "%s", "fPort": 10}}},
             "Thing": {"@iot.id": %d},
             "Actuator": {"name": "relay", "description": "a relay", "encodingType": "text/plain",
                          "metadata": "none"}}"""
                .formatted(LAMP_PARAMETERS, device, thingId));
    assertThat(capability.status()).as(capability.body()).isEqualTo(201);
    return capability.json().get("@iot.id").asLong();
  }

  private long task(long capability, String parameters) {
    Answer created =
        post(
            "/v1.1/TaskingCapabilities(" + capability + ")/Tasks",
            "{\"taskingParameters\": " + parameters + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("@iot.id").asLong();
  }

  private JsonNode deliveryOf(long task) {
    return get("/v1.1/Tasks(" + task + ")").json().path("properties").path("delivery");
  }

  private Queued queuedFor(String devEui) throws InterruptedException {
    for (int i = 0; i < 50; i++) {
      Queued item = queued.poll(10, TimeUnit.SECONDS);
      if (item == null) {
        break;
      }
      if (item.path().contains(devEui.toLowerCase(java.util.Locale.ROOT))) {
        return item;
      }
    }
    throw new AssertionError("ChirpStack received no downlink for " + devEui);
  }

  @Test
  void a_task_is_queued_at_chirpstack_as_its_encoded_parameters_and_marked_delivered()
      throws InterruptedException {
    String devEui = devEui();
    long capability = lamp(devEui);

    long task = task(capability, "{\"state\": \"on\", \"brightness\": 40}");

    Queued item = queuedFor(devEui);
    String lower = devEui.toLowerCase(java.util.Locale.ROOT);
    assertThat(item.path()).isEqualTo("/api/devices/" + lower + "/queue");
    assertThat(item.authorization()).isEqualTo("Bearer " + TOKEN);
    JsonNode queueItem = item.body().get("queueItem");
    assertThat(queueItem.get("devEui").asText()).isEqualTo(lower);
    assertThat(queueItem.get("fPort").asInt()).isEqualTo(10);
    assertThat(queueItem.get("confirmed").asBoolean()).isFalse();
    assertThat(java.util.Base64.getDecoder().decode(queueItem.get("data").asText()))
        .containsExactly(0x01, 0x28);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveryOf(task).path("state").asText().equals("delivered"));
    assertThat(deliveryOf(task).get("channel").asText()).isEqualTo("lorawan");
    assertThat(deliveryOf(task).get("attempts").asInt()).isEqualTo(1);
  }

  @Test
  void a_server_error_of_the_network_server_is_retried_then_failed_with_its_answer() {
    String devEui = devEui();
    failing.add(devEui.toLowerCase(java.util.Locale.ROOT));
    long capability = lamp(devEui);

    long task = task(capability, "{\"state\": \"off\", \"brightness\": 0}");

    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> deliveryOf(task).path("state").asText().equals("failed"));
    JsonNode delivery = deliveryOf(task);
    assertThat(delivery.get("attempts").asInt()).isEqualTo(QUICK.maxAttempts());
    assertThat(delivery.get("lastError").asText())
        .contains("ChirpStack refused the downlink")
        .contains("HTTP 500")
        .contains("queue is on fire");
  }

  @Test
  void a_task_its_profile_cannot_encode_fails_at_once_naming_the_parameter() {
    String devEui = devEui();
    long capability = lamp(devEui);

    long task = task(capability, "{\"state\": \"on\"}");

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> deliveryOf(task).path("state").asText().equals("failed"));
    assertThat(deliveryOf(task).get("attempts").asInt()).isEqualTo(1);
    assertThat(deliveryOf(task).get("lastError").asText()).contains("brightness");
  }
}
