package org.civitas.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.api.ApiClient.Answer;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.civitas.storage.TestStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Redelivery and overload over HTTP: {@code Idempotency-Key} on Observation POSTs, per-item keys of
 * the batch ingest, and 503 with {@code Retry-After} when the ingest queue is full. A real server
 * on a free port of 127.0.0.1 over a real engine; one subclass per engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdempotencyApiContract {

  private SensingStore store;
  private CivitasServer server;
  private ApiClient api;

  /** A fresh, empty database of the engine under test; may be opened by several stores. */
  abstract StorageSettings settings();

  /** Releases what {@link #settings()} set up, after the stores are closed. */
  void cleanUp() {}

  @BeforeAll
  void startServer() {
    store = Storage.open(settings());
    server = serverOn(store);
    api = new ApiClient(server.start());
  }

  @AfterAll
  void stopServer() {
    server.stop();
    store.close();
    cleanUp();
  }

  @Test
  void a_repeated_post_with_the_same_key_answers_the_first_observation_and_stores_nothing_new() {
    long datastream = newDatastream("repeat");
    String body = observation(datastream, "2026-11-23T18:00:00Z", "21.5");

    Answer first = api.postWithKey("/v1.1/Observations", body, "\"reading-7f3a\"");
    Answer again = api.postWithKey("/v1.1/Observations", body, "\"reading-7f3a\"");
    // A bare value names the same key, and so does the path through the Datastream.
    Answer bare = api.postWithKey("/v1.1/Observations", body, "reading-7f3a");
    Answer viaPath =
        api.postWithKey(
            "/v1.1/Datastreams(" + datastream + ")/Observations",
            "{\"phenomenonTime\": \"2026-11-23T18:00:00Z\", \"result\": 21.5}",
            "\"reading-7f3a\"");

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    for (Answer repeat : List.of(again, bare, viaPath)) {
      assertThat(repeat.status()).as(repeat.body()).isEqualTo(201);
      assertThat(repeat.id()).isEqualTo(first.id());
      assertThat(repeat.location()).isEqualTo(first.location());
      assertThat(repeat.json().get("result").asDouble()).isEqualTo(21.5);
    }
    assertThat(observationsOf(datastream)).isEqualTo(1);
    assertThat(api.get("/metrics").body()).contains("civitas_ingest_observations_duplicate_total");
  }

  @Test
  void the_same_key_on_another_datastream_or_without_key_stores_a_new_observation() {
    long one = newDatastream("scope-one");
    long two = newDatastream("scope-two");

    Answer here =
        api.postWithKey(
            "/v1.1/Observations", observation(one, "2026-11-23T18:00:00Z", "1"), "\"k\"");
    Answer there =
        api.postWithKey(
            "/v1.1/Observations", observation(two, "2026-11-23T18:00:00Z", "1"), "\"k\"");
    Answer unkeyed = api.post("/v1.1/Observations", observation(one, "2026-11-23T18:00:00Z", "1"));

    assertThat(List.of(here.status(), there.status(), unkeyed.status())).containsOnly(201);
    assertThat(List.of(here.id(), there.id(), unkeyed.id())).doesNotHaveDuplicates();
    assertThat(observationsOf(one)).isEqualTo(2);
    assertThat(observationsOf(two)).isEqualTo(1);
  }

  @Test
  void an_over_long_or_malformed_key_is_a_400_naming_the_header_and_stores_nothing() {
    long datastream = newDatastream("bad-key");
    String body = observation(datastream, "2026-11-23T18:00:00Z", "1");

    Answer tooLong = api.postWithKey("/v1.1/Observations", body, "\"" + "x".repeat(201) + "\"");
    Answer unclosed = api.postWithKey("/v1.1/Observations", body, "\"open");
    Answer onAThing =
        api.postWithKey("/v1.1/Things", "{\"name\": \"t\", \"description\": \"d\"}", "\"thing-1\"");

    SensingApiContract.assertProblem(tooLong, 400, "invalid", "Idempotency-Key");
    assertThat(tooLong.json().get("detail").asText()).contains("200");
    SensingApiContract.assertProblem(unclosed, 400, "invalid", "Idempotency-Key");
    SensingApiContract.assertProblem(onAThing, 400, "invalid", "Idempotency-Key");
    assertThat(observationsOf(datastream)).isZero();
  }

  @Test
  void a_repeated_batch_with_item_keys_answers_the_same_ids_and_stores_only_new_items() {
    long datastream = newDatastream("batch-keys");
    String path = "/api/v1/datastreams/" + datastream + "/observations";
    String batch =
        """
        [{"phenomenonTime": "2026-11-23T18:00:00Z", "result": 1, "idempotencyKey": "b-1"},
         {"phenomenonTime": "2026-11-23T18:01:00Z", "result": 2, "idempotencyKey": "b-2"}]""";
    String repeatedWithMore =
        """
        [{"phenomenonTime": "2026-11-23T18:01:00Z", "result": 2, "idempotencyKey": "b-2"},
         {"phenomenonTime": "2026-11-23T18:02:00Z", "result": 3, "idempotencyKey": "b-3"},
         {"phenomenonTime": "2026-11-23T18:02:00Z", "result": 3}]""";

    Answer first = api.post(path, batch);
    Answer second = api.post(path, repeatedWithMore);
    Answer badKey = api.post(path, "[{\"result\": 4, \"idempotencyKey\": 4}]");

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(second.status()).as(second.body()).isEqualTo(201);
    assertThat(second.json().get("ids").get(0).asLong())
        .isEqualTo(first.json().get("ids").get(1).asLong());
    assertThat(second.json().get("duplicates").asInt()).isEqualTo(1);
    SensingApiContract.assertProblem(badKey, 400, "invalid", "[0].idempotencyKey");
    assertThat(observationsOf(datastream)).isEqualTo(4);
  }

  @Test
  void a_full_ingest_queue_answers_503_with_retry_after_and_loses_nothing_it_accepted() {
    long datastream = newDatastream("full-queue");
    String body = observation(datastream, "2026-11-23T18:00:00Z", "1");
    int capacity = 3;
    try (SensingStore small = TestStorage.openWithIngestLimits(settings(), capacity, capacity)) {
      CivitasServer smallServer = serverOn(small);
      ApiClient smallApi = new ApiClient(smallServer.start());
      try {
        // The first one also derives and caches the FeatureOfInterest outside the lock below.
        assertThat(smallApi.post("/v1.1/Observations", body).status()).isEqualTo(201);
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        Answer refused =
            small.inTransaction(
                tx -> {
                  // Holding the Datastream's row lock stalls the writer, so the queue fills.
                  tx.update(
                      datastream,
                      new EntityDraft(EntityType.DATASTREAM, Map.of("name", "locked"), Map.of()));
                  for (int i = 0; i < capacity; i++) {
                    accepted.add(smallApi.postAsync("/v1.1/Observations", body, null));
                  }
                  await()
                      .atMost(Duration.ofSeconds(4))
                      .until(() -> small.ingest().stats().queuedObservations() == capacity);
                  return smallApi.post("/v1.1/Observations", body);
                });

        SensingApiContract.assertProblem(refused, 503, "unavailable", null);
        assertThat(refused.retryAfter()).matches("[1-9][0-9]*");
        assertThat(refused.json().get("detail").asText()).contains("full");
        List<Integer> statuses = accepted.stream().map(CompletableFuture::join).toList();
        assertThat(statuses).containsOnly(201);
        assertThat(small.ingest().stats().refusedObservations()).isEqualTo(1);
        assertThat(smallApi.get("/metrics").body())
            .contains("civitas_ingest_observations_refused_total 1.0");
      } finally {
        smallServer.stop();
      }
    }
    assertThat(observationsOf(datastream)).isEqualTo(1 + capacity);
  }

  // ---------------------------------------------------------------- helpers

  private static CivitasServer serverOn(SensingStore store) {
    return new CivitasServer(
        new ServerSettings("127.0.0.1", 0, null, 100, 1000),
        store,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  private long newDatastream(String name) {
    Answer thing =
        api.post(
            "/v1.1/Things",
            SensingApiContract.thingJson(name, SensingApiContract.datastreamJson(name)));
    assertThat(thing.status()).as(thing.body()).isEqualTo(201);
    JsonNode streams = api.get("/v1.1/Things(" + thing.id() + ")/Datastreams").json();
    return streams.get("value").get(0).get("@iot.id").asLong();
  }

  private static String observation(long datastream, String time, String result) {
    return """
        {"phenomenonTime": "%s", "result": %s, "Datastream": {"@iot.id": %d}}"""
        .formatted(time, result, datastream);
  }

  private long observationsOf(long datastream) {
    Answer answer =
        api.get("/v1.1/Datastreams(" + datastream + ")/Observations?$count=true&$top=0");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().get("@iot.count").asLong();
  }
}
