package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.civitas.sensing.model.EntityType.DATASTREAM;
import static org.civitas.sensing.model.EntityType.MULTI_DATASTREAM;
import static org.civitas.sensing.model.EntityType.OBSERVATION;
import static org.civitas.storage.SensingFixtures.draft;
import static org.civitas.storage.SensingFixtures.graph;
import static org.civitas.storage.SensingFixtures.nav;
import static org.civitas.storage.SensingFixtures.observation;
import static org.civitas.storage.SensingFixtures.values;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.Scope;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.SensingFixtures.Graph;
import org.civitas.timeseries.IngestOutcome;
import org.civitas.timeseries.IngestStats;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Idempotency keys on the ingest path: a redelivered observation (same key, same stream) is stored
 * once and answered with the first one's id, however it comes (again later, in the same batch, in
 * the same submission, after a restart, from a second node), run once per engine by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class IdempotencyStoreContract {
  private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

  protected SensingStore store;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    store = Storage.open(settings());
  }

  @AfterAll
  void closeStore() {
    if (store != null) {
      store.close();
    }
    afterStoreClosed();
  }

  @Test
  void the_same_key_submitted_twice_is_stored_once_and_answered_with_the_first_id() {
    Graph g = graph(store, "twice");
    IngestStats before = store.ingest().stats();

    long first = join(store.ingest().submit(keyed(g, 0, "21.5", "reading-1")));
    long second = join(store.ingest().submit(keyed(g, 0, "21.5", "reading-1")));

    assertThat(second).isEqualTo(first);
    assertThat(observationsOf(g.datastream())).isEqualTo(1);
    IngestStats after = store.ingest().stats();
    assertThat(after.duplicateObservations() - before.duplicateObservations()).isEqualTo(1);
    assertThat(after.committedObservations() - before.committedObservations()).isEqualTo(1);
  }

  @Test
  void the_same_key_twice_in_one_submission_is_one_row_and_the_outcomes_tell_the_duplicate() {
    Graph g = graph(store, "one-submission");

    List<Long> ids =
        join(store.ingest().submitAll(List.of(keyed(g, 0, "1", "k-1"), keyed(g, 1, "1", "k-1"))));
    List<IngestOutcome> outcomes =
        join(
            store
                .ingest()
                .submitAllWithOutcomes(
                    List.of(
                        keyed(g, 2, "2", "k-2"),
                        keyed(g, 3, "2", "k-2"),
                        keyed(g, 0, "1", "k-1"))));

    assertThat(ids.get(1)).isEqualTo(ids.get(0));
    assertThat(outcomes)
        .containsExactly(
            new IngestOutcome(outcomes.get(0).id(), false),
            new IngestOutcome(outcomes.get(0).id(), true),
            new IngestOutcome(ids.get(0), true));
    assertThat(observationsOf(g.datastream())).isEqualTo(2);
  }

  @Test
  void the_same_key_in_two_submissions_of_one_batch_gets_one_row_and_the_same_id() {
    Graph g = graph(store, "one-batch");
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    // Holding the Datastream's row lock stalls the writer on its first batch, so the submissions
    // after it queue up and are written together in one batch once it is released.
    store.inTransaction(
        tx -> {
          tx.update(g.datastream(), draft(DATASTREAM, values("name", "locked"), Map.of()));
          futures.add(
              store.ingest().submit(observation(g.datastream(), g.featureOfInterest(), T0, "0")));
          futures.add(store.ingest().submit(keyed(g, 1, "1", "batch-key")));
          futures.add(store.ingest().submit(keyed(g, 2, "1", "batch-key")));
          futures.add(store.ingest().submit(keyed(g, 3, "1", "batch-key")));
          return null;
        });

    List<Long> ids = futures.stream().map(IdempotencyStoreContract::join).toList();

    assertThat(ids.get(2)).isEqualTo(ids.get(1));
    assertThat(ids.get(3)).isEqualTo(ids.get(1));
    assertThat(ids.get(0)).isNotEqualTo(ids.get(1));
    assertThat(observationsOf(g.datastream())).isEqualTo(2);
  }

  @Test
  void a_key_is_scoped_to_its_stream_so_two_streams_get_two_observations() {
    Graph g = graph(store, "scoped");
    Graph other = graph(store, "scoped-other");

    long here = join(store.ingest().submit(keyed(g, 0, "1", "shared-key")));
    long there = join(store.ingest().submit(keyed(other, 0, "1", "shared-key")));
    long multi =
        join(
            store
                .ingest()
                .submit(
                    new NewObservation(
                        new ObservationStream.MultiDatastream(g.multiDatastream()),
                        g.featureOfInterest(),
                        new TimeValue.Instant(T0),
                        null,
                        new Json("[1]"),
                        null,
                        null,
                        null,
                        "shared-key")));

    assertThat(Set.of(here, there, multi)).hasSize(3);
    assertThat(observationsOf(g.datastream())).isEqualTo(1);
    assertThat(observationsOf(other.datastream())).isEqualTo(1);
    assertThat(count(MULTI_DATASTREAM, g.multiDatastream())).isEqualTo(1);
  }

  @Test
  void keyed_and_unkeyed_observations_mix_in_one_submission() {
    Graph g = graph(store, "mixed");

    List<Long> ids =
        join(
            store
                .ingest()
                .submitAll(
                    List.of(
                        keyed(g, 0, "1", "m-1"),
                        observation(g.datastream(), g.featureOfInterest(), T0, "2"),
                        keyed(g, 0, "1", "m-1"),
                        observation(g.datastream(), g.featureOfInterest(), T0, "2"),
                        keyed(g, 4, "3", "m-2"))));

    assertThat(ids.get(2)).isEqualTo(ids.get(0));
    assertThat(Set.of(ids.get(0), ids.get(1), ids.get(3), ids.get(4))).hasSize(4);
    assertThat(observationsOf(g.datastream())).isEqualTo(4);
    assertThat(store.find(OBSERVATION, ids.get(4), Set.of("result")).orElseThrow().value("result"))
        .isEqualTo(new Json("3"));
    // Stream times come from stored rows only.
    assertThat(
            store.find(DATASTREAM, g.datastream(), Set.of()).orElseThrow().value("phenomenonTime"))
        .isEqualTo(TimeValue.of(T0, T0.plusSeconds(4)));
  }

  @Test
  void deleting_the_observation_frees_its_key() {
    Graph g = graph(store, "freed");
    long first = join(store.ingest().submit(keyed(g, 0, "1", "freed-key")));

    store.inTransaction(
        tx -> {
          tx.delete(OBSERVATION, first);
          return null;
        });
    long second = join(store.ingest().submit(keyed(g, 1, "2", "freed-key")));

    assertThat(second).isNotEqualTo(first);
    assertThat(observationsOf(g.datastream())).isEqualTo(1);
    assertThat(join(store.ingest().submit(keyed(g, 2, "3", "freed-key")))).isEqualTo(second);
  }

  @Test
  void a_key_survives_closing_and_reopening_the_store() {
    Graph g = graph(store, "restart");
    long first;
    try (SensingStore before = Storage.open(settings())) {
      first = join(before.ingest().submit(keyed(g, 0, "1", "restart-key")));
    }
    try (SensingStore after = Storage.open(settings())) {
      assertThat(join(after.ingest().submit(keyed(g, 0, "1", "restart-key")))).isEqualTo(first);
      assertThat(after.ingest().stats().duplicateObservations()).isEqualTo(1);
    }
    assertThat(observationsOf(g.datastream())).isEqualTo(1);
  }

  @Test
  void two_stores_on_one_database_writing_the_same_keys_at_once_store_each_once() {
    Graph g = graph(store, "two-nodes");
    int keys = 300;
    List<NewObservation> forward = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      forward.add(keyed(g, i, Integer.toString(i), "node-key-" + i));
    }
    try (SensingStore second = Storage.open(settings())) {
      List<CompletableFuture<List<Long>>> first = new ArrayList<>();
      List<CompletableFuture<List<Long>>> other = new ArrayList<>();
      // Small submissions from both "nodes" interleave, so their batches overlap in time.
      for (int from = 0; from < keys; from += 10) {
        first.add(store.ingest().submitAll(forward.subList(from, from + 10)));
        other.add(second.ingest().submitAll(forward.subList(from, from + 10)));
      }
      List<Long> a = first.stream().flatMap(f -> join(f).stream()).toList();
      List<Long> b = other.stream().flatMap(f -> join(f).stream()).toList();
      assertThat(b).isEqualTo(a);
      assertThat(Set.copyOf(a)).hasSize(keys);
    }
    assertThat(observationsOf(g.datastream())).isEqualTo(keys);
  }

  @Test
  void a_key_that_is_empty_too_long_or_not_printable_ascii_is_invalid() {
    Graph g = graph(store, "bad-keys");
    for (String bad :
        List.of(
            "", "x".repeat(NewObservation.MAX_IDEMPOTENCY_KEY_LENGTH + 1), "tab\tkey", "ключ")) {
      assertThatThrownBy(() -> keyed(g, 0, "1", bad))
          .isInstanceOf(InvalidInputException.class)
          .satisfies(
              e -> assertThat(((InvalidInputException) e).field()).contains("idempotencyKey"));
    }
    String longest = "k".repeat(NewObservation.MAX_IDEMPOTENCY_KEY_LENGTH);
    long id = join(store.ingest().submit(keyed(g, 0, "1", longest)));
    assertThat(join(store.ingest().submit(keyed(g, 0, "1", longest)))).isEqualTo(id);
  }

  // --------------------------------------------------------------------------------- helpers

  private static NewObservation keyed(Graph g, int second, String result, String key) {
    return observation(g.datastream(), g.featureOfInterest(), T0.plusSeconds(second), result)
        .withIdempotencyKey(key);
  }

  private long observationsOf(long datastream) {
    return count(DATASTREAM, datastream);
  }

  private long count(org.civitas.sensing.model.EntityType parent, long id) {
    Navigation via = nav(parent, "Observations");
    return store
        .query(
            new EntityQuery(
                OBSERVATION, Optional.of(new Scope(id, via)), List.of(), 0, 1, true, Set.of()))
        .totalCount()
        .orElseThrow();
  }

  private static <T> T join(CompletableFuture<T> future) {
    await().atMost(Duration.ofSeconds(30)).until(future::isDone);
    return future.join();
  }
}
