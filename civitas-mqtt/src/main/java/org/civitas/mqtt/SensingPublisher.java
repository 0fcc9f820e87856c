package org.civitas.mqtt;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civitas.mqtt.SubscriptionIndex.Key;
import org.civitas.mqtt.SubscriptionIndex.Subscribed;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.server.sensing.SensingApi;
import org.civitas.server.sensing.SensingEvents;
import org.civitas.server.sensing.SensingTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed changes to the SensorThings topics someone subscribed to (OGC 18-088 section
 * 14.2): new and updated entities to their entity set topics ({@code v1.1/Observations}, {@code
 * v1.1/Datastreams(7)/Observations}), updates also to the entity's topic and to its changed
 * properties' topics. Topics nobody subscribed to cost one map look-up and no JSON.
 *
 * <p>Thread-safe; called on the thread that completed the commit, so it only hands messages to the
 * broker, which sends them asynchronously.
 */
final class SensingPublisher implements SensingEvents {

  private static final Logger LOG = LoggerFactory.getLogger(SensingPublisher.class);

  /** Most links of one updated entity followed to find its sets (a Location's Things). */
  private static final int MAX_LINKED = 1000;

  private final SensingApi api;
  private final SubscriptionIndex index;
  private final PublishService broker;
  private final MqttMetrics metrics;

  SensingPublisher(
      SensingApi api, SubscriptionIndex index, PublishService broker, MqttMetrics metrics) {
    this.api = api;
    this.index = index;
    this.broker = broker;
    this.metrics = metrics;
  }

  @Override
  public void created(Entity entity, Map<Navigation, List<Long>> links) {
    if (index.isEmpty()) {
      return;
    }
    List<Subscribed> topics = new ArrayList<>(index.topics(Key.allOf(entity.type())));
    links.forEach(
        (navigation, ids) -> {
          for (long id : ids) {
            topics.addAll(index.topics(Key.linkedTo(entity.type(), navigation, id)));
          }
        });
    if (topics.isEmpty()) {
      return;
    }
    // An Observation event carries every property; other types are read back once for the values
    // the server computes, so the message is the JSON a GET would answer.
    Entity found =
        entity.type() == EntityType.OBSERVATION
            ? entity
            : api.find(entity.type(), entity.id()).orElse(entity);
    // Subscribers are not signed in: under governance they get what anybody may read, whatever
    // topic they hold (also one taken before the Datastream stopped being public).
    Optional<Entity> open = api.openly(found, links);
    if (open.isEmpty()) {
      return;
    }
    Entity complete = open.get();
    for (Subscribed topic : topics) {
      send(topic.topic(), message(complete, topic));
    }
  }

  /**
   * OGC 18-088 section 14.2: an updated entity goes to its own topic, to the topics of its changed
   * properties, and to the topics of the entity sets it belongs to. Its set memberships through
   * links are read only for the links someone waits on, and only on updates (creates carry them).
   */
  @Override
  public void updated(
      EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links) {
    if (index.isEmpty()) {
      return;
    }
    List<Subscribed> ownTopics = index.topics(Key.entity(type, id));
    List<Subscribed> setTopics = new ArrayList<>(index.topics(Key.allOf(type)));
    for (Navigation navigation : index.linkedSets(type)) {
      for (long parent : api.linked(navigation, id, MAX_LINKED)) {
        setTopics.addAll(index.topics(Key.linkedTo(type, navigation, parent)));
      }
    }
    if (ownTopics.isEmpty() && setTopics.isEmpty()) {
      return;
    }
    Optional<Entity> entity = api.find(type, id).flatMap(found -> api.openly(found, Map.of()));
    if (entity.isEmpty()) {
      // Deleted again since the update committed, or not public: nothing to tell.
      return;
    }
    for (Subscribed topic : setTopics) {
      send(topic.topic(), message(entity.get(), topic));
    }
    for (Subscribed topic : ownTopics) {
      SensingTopic parsed = topic.parsed();
      if (parsed.kind() == SensingTopic.Kind.ENTITY) {
        send(topic.topic(), message(entity.get(), topic));
      } else {
        String property = parsed.property().orElseThrow();
        if (changed.contains(property)) {
          send(topic.topic(), api.propertyMessage(property, entity.get().value(property)));
        }
      }
    }
  }

  /** The entity's JSON for one topic, with links below the topic's version ({@code /v1.0}). */
  private byte[] message(Entity entity, Subscribed topic) {
    String version =
        MqttTopics.parse(topic.topic()).map(MqttTopics.Versioned::version).orElse("v1.1");
    return api.entityMessage(entity, topic.parsed(), version);
  }

  private void send(String topic, byte[] json) {
    broker
        .publish(
            Builders.publish()
                .topic(topic)
                .qos(Qos.AT_LEAST_ONCE)
                .contentType("application/json")
                .payload(ByteBuffer.wrap(json))
                .build())
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                LOG.warn("Could not publish to {}: {}", topic, failure.toString());
              } else {
                metrics.sent();
              }
            });
  }
}
