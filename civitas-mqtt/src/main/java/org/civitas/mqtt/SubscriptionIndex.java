package org.civitas.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.server.sensing.SensingTopic;

/**
 * The SensorThings topics someone subscribes to now, indexed by what an event must match, so that a
 * committed change costs one map look-up per candidate key and nothing when nobody listens.
 *
 * <p>Thread-safe: changes are serialised; look-ups read immutable snapshots without locking.
 */
final class SubscriptionIndex {

  /**
   * What a topic waits for: new entities of a type (optionally linked to one parent through {@code
   * parentLink}), or changes of one entity ({@code parentLink} null, {@code id} the entity).
   */
  record Key(SensingTopic.Kind kind, EntityType type, Navigation parentLink, long id) {

    static Key of(SensingTopic topic) {
      return switch (topic.kind()) {
        case ENTITY_SET ->
            new Key(
                SensingTopic.Kind.ENTITY_SET,
                topic.type(),
                topic.parentLink().orElse(null),
                topic.parentId().orElse(0));
        // Property topics are found with the entity's topics and filtered by property.
        case ENTITY, PROPERTY ->
            new Key(SensingTopic.Kind.ENTITY, topic.type(), null, topic.id().getAsLong());
      };
    }

    static Key allOf(EntityType type) {
      return new Key(SensingTopic.Kind.ENTITY_SET, type, null, 0);
    }

    static Key linkedTo(EntityType type, Navigation parentLink, long parentId) {
      return new Key(SensingTopic.Kind.ENTITY_SET, type, parentLink, parentId);
    }

    static Key entity(EntityType type, long id) {
      return new Key(SensingTopic.Kind.ENTITY, type, null, id);
    }
  }

  /** A topic as subscribed ({@code v1.1/Things}) with its parsed form. */
  record Subscribed(String topic, SensingTopic parsed) {}

  private final Map<String, Set<String>> topicsByClient = new HashMap<>();
  private final Map<String, Set<String>> clientsByTopic = new HashMap<>();
  private final Map<String, SensingTopic> parsedTopics = new HashMap<>();
  private final Map<Key, List<Subscribed>> byKey = new ConcurrentHashMap<>();

  /** The topics waiting for what {@code key} describes; empty when nobody subscribed. */
  List<Subscribed> topics(Key key) {
    return byKey.getOrDefault(key, List.of());
  }

  /**
   * The navigation properties of {@code type} through which someone waits for entities of a set
   * reached from one entity ({@code Observation.Datastream} for {@code
   * Datastreams(7)/Observations}).
   */
  Set<Navigation> linkedSets(EntityType type) {
    Set<Navigation> navigations = new HashSet<>();
    for (Key key : byKey.keySet()) {
      if (key.kind() == SensingTopic.Kind.ENTITY_SET
          && key.type() == type
          && key.parentLink() != null) {
        navigations.add(key.parentLink());
      }
    }
    return navigations;
  }

  boolean isEmpty() {
    return byKey.isEmpty();
  }

  synchronized void subscribe(String client, String topic, SensingTopic parsed) {
    topicsByClient.computeIfAbsent(client, c -> new HashSet<>()).add(topic);
    Set<String> clients = clientsByTopic.computeIfAbsent(topic, t -> new HashSet<>());
    if (clients.isEmpty()) {
      parsedTopics.put(topic, parsed);
      Key key = Key.of(parsed);
      List<Subscribed> after = new ArrayList<>(byKey.getOrDefault(key, List.of()));
      after.add(new Subscribed(topic, parsed));
      byKey.put(key, List.copyOf(after));
    }
    clients.add(client);
  }

  synchronized void unsubscribe(String client, String topic) {
    Set<String> topics = topicsByClient.get(client);
    if (topics == null || !topics.remove(topic)) {
      return;
    }
    if (topics.isEmpty()) {
      topicsByClient.remove(client);
    }
    Set<String> clients = clientsByTopic.get(topic);
    clients.remove(client);
    if (clients.isEmpty()) {
      clientsByTopic.remove(topic);
      Key key = Key.of(parsedTopics.remove(topic));
      List<Subscribed> after =
          byKey.getOrDefault(key, List.of()).stream()
              .filter(subscribed -> !subscribed.topic().equals(topic))
              .toList();
      if (after.isEmpty()) {
        byKey.remove(key);
      } else {
        byKey.put(key, after);
      }
    }
  }

  /** Drops every subscription of a client whose session ended. */
  synchronized void forget(String client) {
    Set<String> topics = topicsByClient.get(client);
    if (topics != null) {
      for (String topic : List.copyOf(topics)) {
        unsubscribe(client, topic);
      }
    }
  }
}
