package org.civitas.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.civitas.rules.evaluation.EngineHarness.T0;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.civitas.rules.stream.ObservationEvent;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule state survives a restart and a crash, and two nodes never evaluate one observation twice:
 * run once per storage engine by a subclass.
 */
abstract class RuleRestartContract {
  private SensingStore store;
  private final List<EngineHarness> nodes = new ArrayList<>();

  /** A fresh, empty database of this engine. */
  protected abstract StorageSettings settings();

  protected void afterStoreClosed() {}

  @BeforeEach
  void open() {
    store = Storage.open(settings());
  }

  @AfterEach
  void close() {
    nodes.forEach(EngineHarness::close);
    store.close();
    afterStoreClosed();
  }

  private EngineHarness node(String name, long firstId, Duration leaseTtl) {
    EngineHarness node = new EngineHarness(store, name, firstId, leaseTtl);
    nodes.add(node);
    return node.start();
  }

  @Test
  void hysteresis_and_windows_are_restored_after_a_restart() {
    EngineHarness first = node("node-a", 0, Duration.ofSeconds(30));
    first.rule(
        "{\"name\":\"level\",\"author\":\"ana\",\"target\":{\"datastream\":7},\"condition\":"
            + "{\"kind\":\"threshold\",\"op\":\">\",\"value\":3.2,\"hysteresis\":0.5}}");
    first.rule(
        "{\"name\":\"busy\",\"author\":\"ana\",\"target\":{\"datastream\":7},\"condition\":"
            + "{\"kind\":\"windowedAggregate\",\"function\":\"count\",\"window\":\"PT1H\","
            + "\"op\":\">=\",\"value\":4}}");
    first.observe(7, T0, 3.5);
    first.observe(7, T0.plusSeconds(60), 3.4);
    first.close();
    nodes.remove(first);

    EngineHarness second = node("node-a", 100, Duration.ofSeconds(30));
    second.observe(7, T0.plusSeconds(120), 3.0); // within the hysteresis: no CLEAR, no new RAISE
    second.observe(7, T0.plusSeconds(180), 3.6); // the fourth value of the window

    assertThat(first.outcomes)
        .extracting(RuleOutcome::summary)
        .singleElement()
        .asString()
        .startsWith("level");
    assertThat(second.outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.summary()).startsWith("busy");
              assertThat(o.values()).containsEntry("count", 4);
            });
  }

  @Test
  void after_a_crash_another_node_replays_the_missed_observations_exactly_once() {
    SensingFixtures.Graph graph = SensingFixtures.graph(store, "replay");
    long stream = graph.datastream();
    EngineHarness first = node("node-a", 0, Duration.ofSeconds(1));
    first.rule(
        "{\"name\":\"six\",\"author\":\"ana\",\"target\":{\"datastream\":"
            + stream
            + "},"
            + "\"condition\":{\"kind\":\"windowedAggregate\",\"function\":\"count\","
            + "\"window\":\"P1D\",\"op\":\">=\",\"value\":6}}");
    first.rule(
        "{\"name\":\"seven\",\"author\":\"ana\",\"target\":{\"datastream\":"
            + stream
            + "},"
            + "\"condition\":{\"kind\":\"windowedAggregate\",\"function\":\"count\","
            + "\"window\":\"P1D\",\"op\":\">=\",\"value\":7}}");
    long saved = 0;
    for (int i = 0; i < 3; i++) {
      saved = commit(graph, i);
      first.offer(event(saved, stream, i));
    }
    first.engine.requestSnapshots();
    int partition = org.civitas.rules.stream.ObservationEvents.partitionOf(stream, 4);
    long checkpoint = saved;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Storage.rules(store)
                    .checkpoint(partition)
                    .filter(c -> c.lastObservationId() == checkpoint)
                    .isPresent());
    first.offer(event(commit(graph, 3), stream, 3)); // evaluated, then the node dies unsaved
    first.offer(event(commit(graph, 4), stream, 4));
    first.engine.halt();
    commit(graph, 5); // committed while no node evaluates

    EngineHarness second = node("node-b", 0, Duration.ofSeconds(1));
    second.clock.set(T0.plusSeconds(5)); // the dead node's leases have expired
    await().atMost(Duration.ofSeconds(15)).until(() -> second.engine.ownedPartitions().size() == 4);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(second.engine.evaluated()).isEqualTo(3));

    assertThat(first.outcomes).isEmpty();
    assertThat(second.outcomes)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.summary()).startsWith("six");
              assertThat(o.values()).containsEntry("count", 6);
            });
  }

  @Test
  void two_nodes_on_one_database_split_the_partitions_and_evaluate_each_observation_once() {
    EngineHarness a = node("node-a", 0, Duration.ofSeconds(30));
    EngineHarness b = node("node-b", 0, Duration.ofSeconds(30));
    a.rule(
        "{\"name\":\"any\",\"author\":\"ana\",\"target\":{\"datastream\":5},\"condition\":"
            + "{\"kind\":\"threshold\",\"op\":\">\",\"value\":0}}");
    b.engine.reload();

    assertThat(a.engine.ownedPartitions()).hasSize(4);
    assertThat(b.engine.ownedPartitions()).isEmpty();
    // A shared broker hands the observation to both nodes: only the owner evaluates it.
    ObservationEvent event = new ObservationEvent(1, 5, T0, 1.0, null, 0);
    a.offer(event);
    b.events.offer(event);

    assertThat(a.outcomes).hasSize(1);
    assertThat(b.outcomes).isEmpty();
    assertThat(b.engine.evaluated()).isZero();
  }

  private long commit(SensingFixtures.Graph graph, int i) {
    return store
        .ingest()
        .submit(
            new NewObservation(
                new ObservationStream.Datastream(graph.datastream()),
                graph.featureOfInterest(),
                new TimeValue.Instant(T0.plusSeconds(i)),
                null,
                new Json(Integer.toString(i)),
                null,
                null,
                null))
        .join();
  }

  private static ObservationEvent event(long id, long stream, int i) {
    return new ObservationEvent(id, stream, T0.plusSeconds(i), i, null, System.nanoTime());
  }
}
