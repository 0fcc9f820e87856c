package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness follows the real storage engine: once it is gone, {@code /health} says so. */
class HealthWhenStorageIsDownTest {

  @TempDir Path dataDir;

  @Test
  void reports_not_ready_with_503_but_stays_live_when_storage_is_closed() throws Exception {
    SensingStore store = Storage.open(StorageSettings.embedded(dataDir));
    CivitasServer server =
        new CivitasServer(
            ServerSettings.loopbackOnFreePort(),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    int port = server.start();
    try (HttpClient client = HttpClient.newHttpClient()) {
      store.close();

      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> live =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode body = new ObjectMapper().readTree(health.body());
      assertThat(body.path("status").asText()).isEqualTo("DOWN");
      assertThat(body.path("live").asBoolean()).isTrue();
      assertThat(body.path("storage").path("up").asBoolean()).isFalse();
      assertThat(body.path("storage").path("detail").asText()).isNotBlank();
      assertThat(live.statusCode()).isEqualTo(200);
    } finally {
      server.stop();
    }
  }
}
