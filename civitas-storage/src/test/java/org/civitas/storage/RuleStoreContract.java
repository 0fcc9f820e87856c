package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.civitas.error.NotFoundException;
import org.civitas.rules.store.LoggedObservation;
import org.civitas.rules.store.PartitionCheckpoint;
import org.civitas.rules.store.RuleStore;
import org.civitas.rules.store.RuleVersion;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.store.SensingStore;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules engine's store ({@link RuleStore}, migration V8), run once per engine by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RuleStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  protected SensingStore sensing;
  protected RuleStore rules;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    rules = Storage.rules(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  @Test
  void every_change_is_a_new_version_and_the_history_keeps_them_all() {
    RuleVersion created = rules.create("ana", new Json("{\"name\":\"a\"}"), T0);
    RuleVersion updated =
        rules.update(created.id(), "ben", new Json("{\"name\":\"b\"}"), T0.plusSeconds(60));

    assertThat(created.version()).isEqualTo(1);
    assertThat(updated.version()).isEqualTo(2);
    assertThat(rules.find(created.id())).contains(updated);
    assertThat(rules.history(created.id()))
        .extracting(RuleVersion::version, RuleVersion::author, v -> v.definition().text())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "ana", "{\"name\":\"a\"}"),
            org.assertj.core.groups.Tuple.tuple(2, "ben", "{\"name\":\"b\"}"));
    assertThat(rules.history(created.id()).get(0).changedAt()).isEqualTo(T0);
  }

  @Test
  void a_deleted_rule_is_gone_from_the_list_but_its_history_stays() {
    RuleVersion created = rules.create("ana", new Json("{\"name\":\"gone\"}"), T0);

    RuleVersion deleted = rules.delete(created.id(), "carl", T0.plusSeconds(1));

    assertThat(deleted.deleted()).isTrue();
    assertThat(deleted.definition()).isEqualTo(created.definition());
    assertThat(rules.find(created.id())).isEmpty();
    assertThat(rules.list()).extracting(RuleVersion::id).doesNotContain(created.id());
    assertThat(rules.history(created.id()))
        .extracting(RuleVersion::deleted)
        .containsExactly(false, true);
    assertThatThrownBy(() -> rules.update(created.id(), "ana", new Json("{}"), T0))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> rules.delete(created.id(), "ana", T0))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void the_list_holds_the_current_version_of_each_rule_by_id() {
    RuleVersion first = rules.create("ana", new Json("{\"n\":1}"), T0);
    RuleVersion second = rules.create("ana", new Json("{\"n\":2}"), T0);
    RuleVersion secondAgain = rules.update(second.id(), "ana", new Json("{\"n\":3}"), T0);

    assertThat(rules.list()).contains(first, secondAgain).doesNotContain(second);
    assertThat(rules.find(Long.MAX_VALUE)).isEmpty();
    assertThat(rules.history(Long.MAX_VALUE)).isEmpty();
  }

  @Test
  void a_checkpoint_is_replaced_by_the_next_one_of_its_partition() {
    assertThat(rules.checkpoint(7)).isEmpty();

    rules.saveCheckpoint(new PartitionCheckpoint(7, 10, new Json("{\"a\":1}"), T0));
    rules.saveCheckpoint(new PartitionCheckpoint(8, 3, new Json("{}"), T0));
    String large = "{\"s\":\"" + "x".repeat(1_500_000) + "\"}";
    rules.saveCheckpoint(new PartitionCheckpoint(7, 25, new Json(large), T0.plusSeconds(5)));

    assertThat(rules.checkpoint(7))
        .contains(new PartitionCheckpoint(7, 25, new Json(large), T0.plusSeconds(5)));
    assertThat(rules.checkpoint(8).orElseThrow().lastObservationId()).isEqualTo(3);
  }

  @Test
  void a_lease_has_one_owner_until_it_expires_or_is_released() {
    Duration ttl = Duration.ofSeconds(30);

    assertThat(rules.acquireLease(3, "node-a", T0, ttl)).isTrue();
    assertThat(rules.acquireLease(3, "node-b", T0.plusSeconds(10), ttl)).isFalse();
    assertThat(rules.acquireLease(3, "node-a", T0.plusSeconds(20), ttl)).isTrue();
    assertThat(rules.acquireLease(3, "node-b", T0.plusSeconds(40), ttl)).isFalse();
    assertThat(rules.acquireLease(3, "node-b", T0.plusSeconds(51), ttl)).isTrue();
    assertThat(rules.acquireLease(3, "node-a", T0.plusSeconds(52), ttl)).isFalse();

    rules.releaseLease(3, "node-a");
    assertThat(rules.acquireLease(3, "node-a", T0.plusSeconds(53), ttl)).isFalse();
    rules.releaseLease(3, "node-b");
    assertThat(rules.acquireLease(3, "node-a", T0.plusSeconds(54), ttl)).isTrue();
  }

  @Test
  void observations_after_an_id_are_read_in_id_order_for_one_partition() {
    SensingFixtures.Graph one = SensingFixtures.graph(sensing, "rules-one");
    SensingFixtures.Graph two = SensingFixtures.graph(sensing, "rules-two");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(observe(one, new Json(Integer.toString(i))));
      ids.add(observe(two, new Json("{\"type\":\"Point\",\"coordinates\":[9," + i + "]}")));
    }
    int partitions = 1_000_000;
    int partitionOfOne = (int) (one.datastream() % partitions);

    List<LoggedObservation> read =
        rules.observationsAfter(partitionOfOne, partitions, ids.get(0), 10);

    assertThat(read).extracting(LoggedObservation::id).containsExactly(ids.get(2), ids.get(4));
    assertThat(read).extracting(LoggedObservation::number).containsExactly(1.0, 2.0);
    assertThat(read.get(0).datastreamId()).isEqualTo(one.datastream());
    assertThat(read.get(0).phenomenonTime()).isEqualTo(T0.plusSeconds(2));
    List<LoggedObservation> points =
        rules.observationsAfter((int) (two.datastream() % partitions), partitions, 0, 2);
    assertThat(points).extracting(LoggedObservation::id).containsExactly(ids.get(1), ids.get(3));
    assertThat(points.get(0).number()).isNaN();
    assertThat(points.get(0).json()).contains("Point");
  }

  private long observe(SensingFixtures.Graph graph, Json result) {
    long count = sensing.ingest().stats().committedObservations();
    return sensing
        .ingest()
        .submit(
            new NewObservation(
                new ObservationStream.Datastream(graph.datastream()),
                graph.featureOfInterest(),
                new TimeValue.Instant(T0.plusSeconds(count)),
                null,
                result,
                null,
                null,
                null))
        .join();
  }
}
