package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.civitas.mqtt.SubscriptionIndex.Key;
import org.civitas.mqtt.SubscriptionIndex.Subscribed;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.sensing.SensingApi;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionIndexTest {

  @TempDir Path dataDir;
  private SensingStore store;
  private SensingApi api;
  private final SubscriptionIndex index = new SubscriptionIndex();

  @BeforeEach
  void openApi() {
    // Topics are parsed by the server's own rules, which need a service (but no data).
    store = Storage.open(StorageSettings.embedded(dataDir));
    api = SensingApi.create(store, Clock.systemUTC());
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private void subscribe(String client, String topic) {
    index.subscribe(client, topic, api.topic(topic));
  }

  @Test
  void a_topic_stays_indexed_while_any_client_still_subscribes_to_it() {
    subscribe("a", "Things(1)");
    subscribe("b", "Things(1)");
    subscribe("b", "Things(1)/name");

    index.unsubscribe("a", "Things(1)");
    assertThat(index.topics(Key.entity(EntityType.THING, 1)))
        .extracting(Subscribed::topic)
        .containsExactlyInAnyOrder("Things(1)", "Things(1)/name");

    index.forget("b");
    assertThat(index.topics(Key.entity(EntityType.THING, 1))).isEmpty();
    assertThat(index.isEmpty()).isTrue();
  }

  @Test
  void entity_sets_are_found_by_type_and_by_the_link_to_their_parent() {
    subscribe("a", "Observations?$select=result");
    subscribe("a", "Datastreams(7)/Observations");
    subscribe("b", "Things(3)/Datastreams");

    assertThat(index.topics(Key.allOf(EntityType.OBSERVATION)))
        .extracting(Subscribed::topic)
        .containsExactly("Observations?$select=result");
    var observationDatastream = EntityType.OBSERVATION.navigation("Datastream").orElseThrow();
    assertThat(index.topics(Key.linkedTo(EntityType.OBSERVATION, observationDatastream, 7)))
        .extracting(Subscribed::topic)
        .containsExactly("Datastreams(7)/Observations");
    assertThat(index.topics(Key.linkedTo(EntityType.OBSERVATION, observationDatastream, 8)))
        .isEmpty();
    assertThat(index.linkedSets(EntityType.OBSERVATION)).containsExactly(observationDatastream);
    assertThat(index.linkedSets(EntityType.DATASTREAM))
        .containsExactly(EntityType.DATASTREAM.navigation("Thing").orElseThrow());
  }

  @Test
  void unsubscribing_what_was_never_subscribed_changes_nothing() {
    subscribe("a", "Things");

    index.unsubscribe("b", "Things");
    index.unsubscribe("a", "Sensors");
    index.forget("nobody");

    assertThat(index.topics(Key.allOf(EntityType.THING))).hasSize(1);
  }
}
