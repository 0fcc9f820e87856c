package org.civitas.mqtt.external;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.server.sensing.SensingApi;
import org.civitas.server.sensing.SensingEvents;
import org.civitas.server.sensing.SensingTopic;

/**
 * Publishes committed creates and updates to the SensorThings topics OGC 18-088 section 14.2
 * defines for them, on an external broker where Civitas cannot see who subscribed: a new entity to
 * its entity set ({@code v1.1/Observations}) and to the sets reached from each entity it links to
 * ({@code v1.1/Datastreams(7)/Observations}); an updated entity also to its own topic ({@code
 * v1.1/Things(1)}) and to the topics of its changed properties ({@code v1.1/Things(1)/name}).
 * Topics with {@code $select} are not served: without knowing the subscriptions there is no telling
 * which selections to publish. Only {@code v1.1} topics are published.
 *
 * <p>Thread-safe; called on the thread that completed the commit, it only hands messages to the
 * client, which sends them asynchronously.
 */
final class ExternalNotifications implements SensingEvents {

  /** Most links of one updated entity followed to find its sets (a Location's Things). */
  private static final int MAX_LINKED = 1000;

  private static final String VERSION = "v1.1/";

  private final SensingApi api;
  private final BiConsumer<String, byte[]> publisher;
  private final Map<EntityType, SensingTopic> plainTopics = new LinkedHashMap<>();

  /**
   * @param publisher sends one message on a topic below the prefix, such as {@code v1.1/Things}
   */
  ExternalNotifications(SensingApi api, BiConsumer<String, byte[]> publisher) {
    this.api = api;
    this.publisher = publisher;
    for (EntityType type : EntityType.values()) {
      plainTopics.put(type, api.topic(type.plural()));
    }
  }

  @Override
  public void created(Entity entity, Map<Navigation, List<Long>> links) {
    // An Observation event carries every property; other types are read back once for the values
    // the server computes, so the message is the JSON a GET would answer.
    Entity found =
        entity.type() == EntityType.OBSERVATION
            ? entity
            : api.find(entity.type(), entity.id()).orElse(entity);
    // Under governance only what anybody may read leaves the node (subjects as pseudonyms).
    Optional<Entity> open = api.openly(found, links);
    if (open.isEmpty()) {
      return;
    }
    Entity complete = open.get();
    byte[] json = api.entityMessage(complete, plainTopics.get(complete.type()));
    for (String topic : setTopics(entity.type(), links)) {
      publisher.accept(topic, json);
    }
  }

  @Override
  public void updated(
      EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links) {
    Optional<Entity> entity = api.find(type, id).flatMap(found -> api.openly(found, Map.of()));
    if (entity.isEmpty()) {
      // Deleted again since the update committed, or not public: nothing to tell.
      return;
    }
    Map<Navigation, List<Long>> memberships = new LinkedHashMap<>();
    for (Navigation navigation : type.navigations()) {
      if (isSetOfParent(navigation)) {
        memberships.put(navigation, api.linked(navigation, id, MAX_LINKED));
      }
    }
    byte[] json = api.entityMessage(entity.get(), plainTopics.get(type));
    String own = VERSION + type.plural() + "(" + id + ")";
    publisher.accept(own, json);
    for (String property : changed) {
      if (type.property(property).isPresent()) {
        publisher.accept(
            own + "/" + property, api.propertyMessage(property, entity.get().value(property)));
      }
    }
    for (String topic : setTopics(type, memberships)) {
      publisher.accept(topic, json);
    }
  }

  /**
   * The entity-set topics an entity of {@code type} belongs to: its own set, and for each link to a
   * parent the parent's set of such entities ({@code Datastreams(7)/Observations}).
   */
  static List<String> setTopics(EntityType type, Map<Navigation, List<Long>> links) {
    List<String> topics = new ArrayList<>();
    topics.add(VERSION + type.plural());
    links.forEach(
        (navigation, ids) -> {
          if (isSetOfParent(navigation)) {
            String set = navigation.inverse().name();
            for (long parent : ids) {
              topics.add(VERSION + navigation.target().plural() + "(" + parent + ")/" + set);
            }
          }
        });
    return topics;
  }

  /** Whether the parent that {@code navigation} leads to reaches this entity through a set. */
  private static boolean isSetOfParent(Navigation navigation) {
    Navigation inverse = navigation.inverse();
    return inverse != null && inverse.many();
  }
}
