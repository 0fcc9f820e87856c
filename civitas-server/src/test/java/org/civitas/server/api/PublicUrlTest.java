package org.civitas.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.api.ApiClient.Answer;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behind a proxy, links must name the address clients know, not the one the server binds. */
class PublicUrlTest {

  @TempDir Path dataDir;

  @Test
  void links_start_with_the_configured_public_url() {
    try (SensingStore store = Storage.open(StorageSettings.embedded(dataDir))) {
      CivitasServer server =
          new CivitasServer(
              new ServerSettings("127.0.0.1", 0, "https://city.example/sensors/", 1, 5),
              store,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      ApiClient api = new ApiClient(server.start());
      try {
        Answer created = api.post("/v1.1/Things", "{\"name\": \"a\", \"description\": \"b\"}");
        api.post("/v1.1/Things", "{\"name\": \"c\", \"description\": \"d\"}");

        assertThat(created.location())
            .isEqualTo("https://city.example/sensors/v1.1/Things(" + created.id() + ")");
        assertThat(api.get("/v1.1").json().at("/value/0/url").asText())
            .isEqualTo("https://city.example/sensors/v1.1/Things");
        assertThat(api.get("/v1.1/Things").json().get("@iot.nextLink").asText())
            .isEqualTo("https://city.example/sensors/v1.1/Things?$top=1&$skip=1");
      } finally {
        server.stop();
      }
    }
  }
}
