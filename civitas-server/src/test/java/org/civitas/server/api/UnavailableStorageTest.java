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

/** When the ingest path refuses work, clients are told to come back, not that they erred. */
class UnavailableStorageTest {

  @TempDir Path dataDir;

  @Test
  void answers_503_with_retry_after_when_the_ingest_path_refuses_an_observation() {
    SensingStore store = Storage.open(StorageSettings.embedded(dataDir));
    CivitasServer server =
        new CivitasServer(
            ServerSettings.loopbackOnFreePort(),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    ApiClient api = new ApiClient(server.start());
    try {
      Answer thing =
          api.post(
              "/v1.1/Things",
              SensingApiContract.thingJson(
                  "Closing", SensingApiContract.datastreamJson("Closing")));
      long datastream =
          api.get("/v1.1/Things(" + thing.id() + ")/Datastreams")
              .json()
              .at("/value/0/@iot.id")
              .asLong();
      String observation = "{\"result\": 1, \"Datastream\": {\"@iot.id\": " + datastream + "}}";
      assertThat(api.post("/v1.1/Observations", observation).status()).isEqualTo(201);

      store.close();
      Answer refused = api.post("/v1.1/Observations", observation);

      SensingApiContract.assertProblem(refused, 503, "unavailable", null);
      assertThat(refused.retryAfter()).isEqualTo("1");
    } finally {
      server.stop();
      store.close();
    }
  }
}
