package org.civitas.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civitas.rules.definition.RuleBook;
import org.civitas.rules.definition.RuleRoutes;
import org.civitas.rules.evaluation.RuleEngine;
import org.civitas.rules.evaluation.RuleOutcome;
import org.civitas.rules.evaluation.TargetResolver;
import org.civitas.rules.evaluation.TaskActions;
import org.civitas.rules.evaluation.Transition;
import org.civitas.rules.stream.InProcessObservationEvents;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server on a free port with the rules engine wired as {@code RunningCivitas} wires it: a
 * rule created over HTTP, observations posted over HTTP, the outcome heard by a listener and the
 * rule's Task delivered to a device's HTTP endpoint by the Tasking path.
 */
class RulesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dataDir;
  private SensingStore store;
  private CivitasServer server;
  private InProcessObservationEvents events;
  private RuleEngine engine;
  private TaskActions tasks;
  private HttpServer device;
  private final List<String> delivered = new CopyOnWriteArrayList<>();
  private final List<RuleOutcome> outcomes = new CopyOnWriteArrayList<>();
  private String base;

  @BeforeEach
  void start() throws IOException {
    store = Storage.open(StorageSettings.embedded(dataDir));
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    Clock clock = Clock.systemUTC();
    RuleBook book = new RuleBook(Storage.rules(store), clock);
    events =
        new InProcessObservationEvents(
            Storage.rules(store), 4, 10_000, clock, Duration.ofMillis(100));
    engine =
        new RuleEngine(
            book,
            Storage.rules(store),
            events,
            new TargetResolver(store, Storage.devices(store)),
            clock,
            RuleEngine.Settings.defaults("test-node"));
    tasks = new TaskActions(server.sensing());
    engine.listen(outcomes::add);
    engine.listen(tasks);
    server.sensing().listen(events);
    server.sensing().listen(engine.datastreamEvents());
    server.withRoutes(routes -> RuleRoutes.register(routes, book));
    base = "http://127.0.0.1:" + server.start();
    engine.start();
    device = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    device.createContext(
        "/gate",
        exchange -> {
          delivered.add(new String(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    device.start();
  }

  @AfterEach
  void stop() {
    device.stop(0);
    engine.close();
    tasks.close();
    server.stop();
    events.close();
    store.close();
  }

  @Test
  void a_rule_made_over_http_raises_on_posted_observations_and_closes_the_flood_gate()
      throws Exception {
    String gate = "http://127.0.0.1:" + device.getAddress().getPort() + "/gate";
    JsonNode thing =
        post(
            "/v1.1/Things",
            """
            {"name": "Harbour gauge", "description": "river level and flood gate",
             "Locations": [{"name": "quay", "description": "the quay", "encodingType": "application/geo+json",
                            "location": {"type": "Point", "coordinates": [9.0, 52.0]}}],
             "Datastreams": [{"name": "level", "description": "river level",
               "unitOfMeasurement": {"name": "metre", "symbol": "m"},
               "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
               "ObservedProperty": {"name": "River level", "definition": "https://example.org/level",
                                    "description": "level"},
               "Sensor": {"name": "gauge", "description": "a gauge", "encodingType": "application/pdf",
                          "metadata": "https://example.org/gauge.pdf"}}],
             "TaskingCapabilities": [{"name": "gate", "description": "the flood gate",
               "taskingParameters": {"type": "DataRecord", "field": [{"name": "position",
                 "type": "Category", "constraint": {"type": "AllowedTokens", "value": ["open", "closed"]}}]},
               "properties": {"delivery": {"http": {"url": "%s"}}},
               "Actuator": {"name": "gate motor", "description": "a motor",
                            "encodingType": "application/pdf", "metadata": "https://example.org/m.pdf"}}]}
            """
                .formatted(gate),
            201);
    long thingId = thing.get("@iot.id").asLong();
    long datastream =
        get("/v1.1/Things(" + thingId + ")/Datastreams")
            .get("value")
            .get(0)
            .get("@iot.id")
            .asLong();
    long capability =
        get("/v1.1/Things(" + thingId + ")/TaskingCapabilities")
            .get("value")
            .get(0)
            .get("@iot.id")
            .asLong();

    JsonNode rule =
        post(
            "/api/v1/rules",
            """
            {"name": "River high", "author": "ana", "severity": "CRITICAL",
             "target": {"filter": "ObservedProperty/name eq 'River level'"},
             "condition": {"kind": "threshold", "op": ">", "value": 3.2, "hysteresis": 0.1},
             "actions": [{"type": "createTask", "taskingCapability": %d,
                          "taskingParameters": {"position": "closed"}}]}
            """
                .formatted(capability),
            201);
    assertThat(rule.get("version").asInt()).isEqualTo(1);
    assertThat(get("/api/v1/rules/" + rule.get("id").asText() + "/versions").get("value"))
        .hasSize(1);

    post(
        "/v1.1/Datastreams(" + datastream + ")/Observations",
        "{\"phenomenonTime\": \"2026-03-01T10:00:00Z\", \"result\": 3.0}",
        201);
    post(
        "/v1.1/Datastreams(" + datastream + ")/Observations",
        "{\"phenomenonTime\": \"2026-03-01T10:05:00Z\", \"result\": 3.5}",
        201);

    await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.size() == 1);
    RuleOutcome raise = outcomes.getFirst();
    assertThat(raise.transition()).isEqualTo(Transition.RAISE);
    assertThat(raise.ruleId()).isEqualTo(rule.get("id").asText());
    assertThat(raise.source()).isEqualTo("Datastreams(" + datastream + ")");
    await().atMost(Duration.ofSeconds(20)).until(() -> delivered.size() == 1);
    JsonNode task = JSON.readTree(delivered.getFirst());
    assertThat(task.get("taskingParameters").get("position").asText()).isEqualTo("closed");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                get("/v1.1/Tasks(" + task.get("@iot.id").asLong() + ")")
                    .path("properties")
                    .path("delivery")
                    .path("state")
                    .asText()
                    .equals("delivered"));
  }

  @Test
  void a_bad_rule_is_refused_with_a_problem_naming_its_json_path() throws Exception {
    HttpResponse<String> answer =
        send(
            "POST",
            "/api/v1/rules",
            """
            {"name": "x", "author": "ana", "target": {"datastream": 1},
             "condition": {"kind": "windowedAggregate", "function": "median", "window": "PT15M",
                           "op": ">", "value": 1}}
            """);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    assertThat(answer.body()).contains("condition.function");
    assertThat(get("/api/v1/rules").get("value")).isEmpty();
  }

  private JsonNode post(String path, String body, int expected) throws Exception {
    HttpResponse<String> answer = send("POST", path, body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(expected);
    return JSON.readTree(answer.body());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> answer = send("GET", path, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body());
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path.replace(" ", "%20")))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
