package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.civitas.app.config.CivitasConfig;
import org.civitas.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wiring of {@code civitas serve}, in-process: embedded storage, server, ops endpoints. */
class RunningCivitasTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workingDir;

  /** One sign-in per node started (a node is its own key: it has no equals of its own). */
  private final Map<RunningCivitas, String> tokens = new java.util.HashMap<>();

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void serves_health_with_the_embedded_storage_state() throws Exception {
    try (RunningCivitas civitas = RunningCivitas.start(config())) {
      HttpResponse<String> health = get(civitas, "/health");

      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode body = JSON.readTree(health.body());
      assertThat(body.path("status").asText()).isEqualTo("UP");
      assertThat(body.path("ready").asBoolean()).isTrue();
      assertThat(body.path("storage").path("engine").asText()).isEqualTo("embedded");
    }
  }

  @Test
  void serves_prometheus_metrics_of_the_jvm_http_and_ingest() throws Exception {
    try (RunningCivitas civitas = RunningCivitas.start(config())) {
      get(civitas, "/health");

      HttpResponse<String> metrics = get(civitas, "/metrics");

      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
      assertThat(metrics.body())
          .contains("jvm_memory_used_bytes")
          .contains(
              "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\","
                  + "route=\"/health\",status=\"200\"}")
          .contains("civitas_ingest_observations_committed_total")
          .contains("civitas_ingest_queue_capacity");
    }
  }

  @Test
  void serves_the_device_health_report_and_its_gauges() throws Exception {
    try (RunningCivitas civitas = RunningCivitas.start(config())) {
      HttpResponse<String> report = get(civitas, "/api/v1/devices/health");

      assertThat(report.statusCode()).as(report.body()).isEqualTo(200);
      assertThat(JSON.readTree(report.body()).get("counts").get("silent").asInt()).isZero();
      assertThat(get(civitas, "/metrics").body())
          .containsPattern("civitas_devices\\{state=\"never-seen\",?\\} 0\\.0")
          .contains("civitas_devices_health_assessment_seconds_count");
    }
  }

  @Test
  void keeps_the_data_in_the_data_directory_across_a_restart() throws Exception {
    CivitasConfig config = config();
    try (RunningCivitas civitas = RunningCivitas.start(config)) {
      HttpResponse<String> created =
          post(civitas, "/v1.1/Things", "{\"name\":\"Depot\",\"description\":\"Bus depot\"}");
      assertThat(created.statusCode()).isEqualTo(201);
    }

    try (RunningCivitas civitas = RunningCivitas.start(config)) {
      JsonNode things = JSON.readTree(get(civitas, "/v1.1/Things").body());
      assertThat(things.path("value").findValuesAsText("name")).containsExactly("Depot");
    }
  }

  @Test
  void serves_the_device_api_and_writes_device_activity_before_storage_closes() throws Exception {
    CivitasConfig config = config();
    try (RunningCivitas civitas = RunningCivitas.start(config)) {
      HttpResponse<String> thing =
          post(
              civitas,
              "/v1.1/Things",
              """
              {"name": "bin", "description": "a bin",
               "Locations": [{"name": "gate", "description": "gate",
                 "encodingType": "application/geo+json",
                 "location": {"type": "Point", "coordinates": [8.4, 49.0]}}],
               "Datastreams": [{"name": "fill", "description": "fill",
                 "observationType":
                   "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                 "unitOfMeasurement": {"name": "percent", "symbol": "%", "definition": "ucum:%"},
                 "Sensor": {"name": "s", "description": "s", "encodingType": "application/pdf",
                            "metadata": "https://example.org/s.pdf"},
                 "ObservedProperty": {"name": "fill", "definition": "https://example.org/fill",
                                      "description": "fill"}}]}""");
      assertThat(thing.statusCode()).as(thing.body()).isEqualTo(201);
      long thingId = JSON.readTree(thing.body()).path("@iot.id").asLong();
      long datastream =
          JSON.readTree(get(civitas, "/v1.1/Things(" + thingId + ")/Datastreams").body())
              .path("value")
              .path(0)
              .path("@iot.id")
              .asLong();
      HttpResponse<String> device =
          post(
              civitas,
              "/api/v1/devices",
              """
              {"id": "bin-0042", "thingId": %d, "name": "bin", "fields": {"fill": %d}}"""
                  .formatted(thingId, datastream));
      assertThat(device.statusCode()).as(device.body()).isEqualTo(201);
      String secret = JSON.readTree(device.body()).path("secret").asText();
      HttpResponse<String> uplink =
          client.send(
              HttpRequest.newBuilder(uri(civitas, "/api/v1/devices/bin-0042/uplink"))
                  .header("Authorization", "Bearer " + secret)
                  .POST(HttpRequest.BodyPublishers.ofString("{\"fill\": 42}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(uplink.statusCode()).as(uplink.body()).isEqualTo(201);
    }

    // The activity was gathered in memory (flushed every 5 s): closing wrote it before storage.
    try (RunningCivitas civitas = RunningCivitas.start(config)) {
      JsonNode device = JSON.readTree(get(civitas, "/api/v1/devices/bin-0042").body());
      assertThat(device.path("activity").path("uplinks").asLong()).isEqualTo(1);
    }
  }

  @Test
  void an_api_key_the_node_issues_to_its_own_component_lasts_until_the_node_stops()
      throws Exception {
    CivitasConfig config = config();
    String key;
    try (RunningCivitas civitas = RunningCivitas.start(config)) {
      key =
          civitas
              .issueApiKey(
                  "simulator",
                  java.util.Set.of(new org.civitas.governance.identity.Role.Administrator()),
                  "test")
              .token();
      assertThat(withKey(civitas, key, "/api/v1/devices").statusCode()).isEqualTo(200);
    }
    try (RunningCivitas civitas = RunningCivitas.start(config)) {
      assertThat(withKey(civitas, key, "/api/v1/devices").statusCode())
          .as("revoked when the node that issued it stopped")
          .isEqualTo(401);
    }
  }

  private HttpResponse<String> withKey(RunningCivitas civitas, String key, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(uri(civitas, path)).header("Authorization", "Bearer " + key).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refuses_a_port_in_use_and_lets_go_of_its_storage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CivitasConfig config = config(taken.getLocalPort(), "data");
      Set<Thread> storageThreadsBefore = storageThreads();

      assertThatThrownBy(() -> RunningCivitas.start(config)).isInstanceOf(RuntimeException.class);

      // A store left open would keep its ingest writer and connection pool threads running.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(storageThreads()).isSubsetOf(storageThreadsBefore));
    }
  }

  private static Set<Thread> storageThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(thread -> thread.getName().startsWith("civitas-"))
        .collect(Collectors.toSet());
  }

  private CivitasConfig config() {
    return config(0, "data");
  }

  private CivitasConfig config(int port, String dataDir) {
    return ConfigLoader.load(
            Optional.empty(),
            workingDir,
            Map.of(
                "CIVITAS_HTTP_HOST",
                "127.0.0.1",
                "CIVITAS_HTTP_PORT",
                Integer.toString(port),
                // These tests are about HTTP, storage and the lifecycle; the broker (seconds to
                // start and stop) has tests of its own.
                "CIVITAS_MQTT_ENABLED",
                "false",
                "CIVITAS_DATA_DIR",
                workingDir.resolve(dataDir).toString(),
                Operators.ADMIN_PASSWORD_ENV,
                Operators.ADMIN_PASSWORD))
        .config();
  }

  /** Signed in as the node's first administrator, as an operator would be. */
  private HttpRequest.Builder request(RunningCivitas civitas, String path) {
    String token =
        tokens.computeIfAbsent(
            civitas,
            node -> Operators.adminToken(client, URI.create("http://127.0.0.1:" + node.port())));
    return HttpRequest.newBuilder(uri(civitas, path)).header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> get(RunningCivitas civitas, String path)
      throws IOException, InterruptedException {
    return client.send(request(civitas, path).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(RunningCivitas civitas, String path, String json)
      throws IOException, InterruptedException {
    return client.send(
        request(civitas, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(RunningCivitas civitas, String path) {
    return URI.create("http://127.0.0.1:" + civitas.port() + path);
  }
}
