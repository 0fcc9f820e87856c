package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.civitas.app.config.CivitasConfig;
import org.civitas.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mqtt.mode=external} wired by {@code serve}: against the real Mosquitto on 127.0.0.1:1883
 * (the test fails, never skips, when it does not answer), and against a port where no broker
 * listens.
 */
class RunningCivitasOnExternalBrokerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path workingDir;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @AfterEach
  void closeClient() {
    client.close();
  }

  @Test
  void connects_to_the_external_broker_and_reports_it_in_health_and_metrics() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", 1883), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Mosquitto on 127.0.0.1:1883 is needed for this test and does not answer", e);
    }
    try (RunningCivitas civitas = RunningCivitas.start(config("tcp://127.0.0.1:1883"))) {
      assertThat(civitas.mqttPort()).isEmpty();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> civitas.externalMqttConnected().orElseThrow());

      JsonNode health = JSON.readTree(get(civitas, "/health").body());
      assertThat(health.path("ready").asBoolean()).isTrue();
      assertThat(health.path("components").path("mqtt").path("up").asBoolean()).isTrue();
      assertThat(health.path("components").path("mqtt").path("detail").asText())
          .startsWith("connected to tcp://127.0.0.1:1883");
      assertThat(get(civitas, "/metrics").body())
          .contains("civitas_mqtt_external_connected 1.0")
          .contains("civitas_mqtt_external_acks_total");
      JsonNode root = JSON.readTree(get(civitas, "/v1.1").body());
      assertThat(root.path("serverSettings").path("mqtt").path("endpoints").get(0).asText())
          .isEqualTo("mqtt://127.0.0.1:1883");
    }
  }

  @Test
  void starts_while_the_broker_is_unreachable_and_stays_ready_saying_so() throws Exception {
    int nothingListens;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nothingListens = socket.getLocalPort();
    }
    try (RunningCivitas civitas =
        RunningCivitas.start(config("tcp://127.0.0.1:" + nothingListens))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          JSON.readTree(get(civitas, "/health").body())
                              .path("components")
                              .path("mqtt")
                              .path("detail")
                              .asText())
                      .startsWith("not connected to tcp://127.0.0.1:" + nothingListens));
      HttpResponse<String> health = get(civitas, "/health");
      // HTTP works without the broker; readiness is storage's alone (docs/ARCHITECTURE.md).
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(
              JSON.readTree(health.body()).path("components").path("mqtt").path("up").asBoolean())
          .isFalse();
      assertThat(get(civitas, "/metrics").body()).contains("civitas_mqtt_external_connected 0.0");
    }
  }

  private CivitasConfig config(String url) {
    return ConfigLoader.load(
            Optional.empty(),
            workingDir,
            Map.of(
                "CIVITAS_HTTP_HOST",
                "127.0.0.1",
                "CIVITAS_HTTP_PORT",
                "0",
                "CIVITAS_DATA_DIR",
                workingDir.resolve("data").toString(),
                "CIVITAS_MQTT_MODE",
                "external",
                "CIVITAS_MQTT_URL",
                url,
                "CIVITAS_MQTT_TOPIC_PREFIX",
                "civitas-test/" + UUID.randomUUID(),
                "CIVITAS_MQTT_SHARED_GROUP",
                "civitas-test-" + UUID.randomUUID()))
        .config();
  }

  private HttpResponse<String> get(RunningCivitas civitas, String path)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + civitas.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
