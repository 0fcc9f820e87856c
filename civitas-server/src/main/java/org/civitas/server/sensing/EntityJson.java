package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;
import org.civitas.sensing.model.TimeValue;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.sensing.EntityRequest.Reference;

/**
 * The one mapping between SensorThings JSON and entities, for every entity type, driven by the
 * {@link EntityType} metadata: it reads create and update bodies (with deep insert) into {@link
 * EntityRequest}s and writes {@link Entity}s with their {@code @iot.id}, {@code @iot.selfLink} and
 * navigation links. Every rule it enforces fails with an {@link InvalidInputException} naming the
 * offending field.
 */
final class EntityJson {

  static final String ID = "@iot.id";
  static final String SELF_LINK = "@iot.selfLink";
  static final String NAVIGATION_LINK = "@iot.navigationLink";

  /**
   * Required properties the service fills in when a client leaves them out: an Observation's
   * phenomenonTime defaults to the time the server receives it.
   */
  private static final Map<EntityType, Set<String>> SERVER_DEFAULTS =
      Map.of(EntityType.OBSERVATION, Set.of("phenomenonTime"));

  /**
   * Required links the service fills in: an Observation without a FeatureOfInterest gets one
   * derived from its Thing's Location.
   */
  private static final Map<EntityType, Set<String>> SERVER_LINKS =
      Map.of(EntityType.OBSERVATION, Set.of("FeatureOfInterest"));

  private EntityJson() {}

  /**
   * Reads the body of a create request.
   *
   * @param implied the navigation property of the new entity that the request's context already
   *     fills (the parent in a deep insert or in a navigation path such as {@code
   *     Things(1)/Datastreams}); the body may not set it again
   */
  static EntityRequest readNew(EntityType type, ObjectNode body, Optional<Navigation> implied) {
    return read(type, body, implied, "", true);
  }

  /** As {@link #readNew(EntityType, ObjectNode, Optional)}, for an element of a larger body. */
  static EntityRequest readNew(
      EntityType type, ObjectNode body, Optional<Navigation> implied, String fieldPrefix) {
    return read(type, body, implied, fieldPrefix, true);
  }

  /** Reads the body of an update (PATCH): only what is present changes; links must exist. */
  static EntityRequest readChanges(EntityType type, ObjectNode body) {
    return read(type, body, Optional.empty(), "", false);
  }

  private static EntityRequest read(
      EntityType type,
      ObjectNode body,
      Optional<Navigation> implied,
      String prefix,
      boolean create) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<Navigation, List<Reference>> references = new LinkedHashMap<>();
    for (var entry : body.properties()) {
      String name = entry.getKey();
      JsonNode node = entry.getValue();
      String field = prefix + name;
      Optional<Property> property = type.property(name);
      if (property.isPresent()) {
        if (property.get().readOnly()) {
          throw new InvalidInputException(
              name + " of a " + type.singular() + " is computed by the server and cannot be set",
              field);
        }
        values.put(name, value(property.get(), node, field));
        continue;
      }
      Optional<Navigation> navigation = type.navigation(name);
      if (navigation.isPresent()) {
        if (implied.equals(navigation)) {
          throw new InvalidInputException(
              name + " is given by the request path or the enclosing entity and cannot be set here",
              field);
        }
        references.put(navigation.get(), references(navigation.get(), node, field, create));
        continue;
      }
      if (name.equals(ID) || name.equals(SELF_LINK) || name.endsWith(NAVIGATION_LINK)) {
        throw new InvalidInputException(
            name + " is assigned by the server and cannot be set", field);
      }
      throw new InvalidInputException(
          "a " + type.singular() + " has no property '" + name + "'", field);
    }
    if (create) {
      requireComplete(type, values, references, implied, prefix);
    }
    return new EntityRequest(type, values, references, prefix);
  }

  private static void requireComplete(
      EntityType type,
      Map<String, Object> values,
      Map<Navigation, List<Reference>> references,
      Optional<Navigation> implied,
      String prefix) {
    Set<String> defaulted = SERVER_DEFAULTS.getOrDefault(type, Set.of());
    for (Property property : type.properties()) {
      if (property.required()
          && !property.readOnly()
          && values.get(property.name()) == null
          && !defaulted.contains(property.name())) {
        throw new InvalidInputException(
            "a " + type.singular() + " needs '" + property.name() + "'", prefix + property.name());
      }
    }
    Set<String> linked = SERVER_LINKS.getOrDefault(type, Set.of());
    for (Navigation navigation : type.navigations()) {
      boolean given =
          implied.equals(Optional.of(navigation))
              || !references.getOrDefault(navigation, List.of()).isEmpty();
      if (navigation.required() && !given && !linked.contains(navigation.name())) {
        throw new InvalidInputException(
            "a "
                + type.singular()
                + " needs '"
                + navigation.name()
                + "': a new entity or {\""
                + ID
                + "\": <id>} of an existing one",
            prefix + navigation.name());
      }
    }
  }

  private static List<Reference> references(
      Navigation navigation, JsonNode node, String field, boolean create) {
    if (navigation.many()) {
      if (!node.isArray()) {
        throw new InvalidInputException(
            navigation.name() + " must be an array of entities, found " + JsonCodec.describe(node),
            field);
      }
      List<Reference> list = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        list.add(reference(navigation, node.get(i), field + "[" + i + "]", create));
      }
      return list;
    }
    return List.of(reference(navigation, node, field, create));
  }

  private static Reference reference(
      Navigation navigation, JsonNode node, String field, boolean create) {
    if (!node.isObject()) {
      throw new InvalidInputException(
          navigation.name() + " must be an entity object, found " + JsonCodec.describe(node),
          field);
    }
    JsonNode id = node.get(ID);
    if (id != null) {
      if (node.size() != 1) {
        throw new InvalidInputException(
            "a link to an existing entity holds only " + ID + "; to create one, leave out " + ID,
            field);
      }
      if (!id.canConvertToLong() || !id.isIntegralNumber() || id.asLong() < 1) {
        throw new InvalidInputException(
            ID + " must be a positive integer, found " + id, field + "." + ID);
      }
      return new Reference.Existing(id.asLong());
    }
    if (!create) {
      throw new InvalidInputException(
          "an update links existing entities only: give {\"" + ID + "\": <id>}", field);
    }
    return new Reference.Created(
        read(
            navigation.target(),
            (ObjectNode) node,
            Optional.of(navigation.inverse()),
            field + ".",
            true));
  }

  /** Converts one JSON value to the domain value of its property, or null to clear it. */
  static Object value(Property property, JsonNode node, String field) {
    if (node.isNull()) {
      if (property.required()) {
        throw new InvalidInputException(property.name() + " is required and cannot be null", field);
      }
      return null;
    }
    return switch (property.kind()) {
      case TEXT -> {
        if (!node.isTextual()) {
          throw new InvalidInputException(
              property.name() + " must be a string, found " + JsonCodec.describe(node), field);
        }
        yield node.textValue();
      }
      case JSON -> new Json(node.toString());
      case GEOMETRY -> {
        if (!node.isObject() || !node.path("type").isTextual()) {
          throw new InvalidInputException(
              property.name()
                  + " must be a GeoJSON object with a \"type\", found "
                  + JsonCodec.describe(node),
              field);
        }
        yield new Json(node.toString());
      }
      case TIME_INSTANT ->
          new TimeValue.Instant(TimeText.instant(text(property, node, field), field));
      case TIME_INTERVAL -> TimeText.interval(text(property, node, field), field);
      case TIME -> TimeText.time(text(property, node, field), field);
    };
  }

  private static String text(Property property, JsonNode node, String field) {
    if (!node.isTextual()) {
      throw new InvalidInputException(
          property.name() + " must be an ISO 8601 time string, found " + JsonCodec.describe(node),
          field);
    }
    return node.textValue();
  }

  /**
   * Writes an entity as SensorThings JSON.
   *
   * @param serviceRoot the absolute URL of the service root, e.g. {@code http://host/v1.1}
   */
  static ObjectNode write(Entity entity, QueryOptions options, String serviceRoot) {
    ObjectNode json = JsonCodec.newObject();
    String selfLink = selfLink(serviceRoot, entity.type(), entity.id());
    if (options.selects(QueryOptionsParser.ID)) {
      json.put(ID, entity.id());
      json.put(SELF_LINK, selfLink);
    }
    for (Property property : entity.type().properties()) {
      if (options.selects(property.name()) && entity.values().containsKey(property.name())) {
        putValue(json, property.name(), entity.value(property.name()));
      }
    }
    for (Navigation navigation : entity.type().navigations()) {
      if (options.selects(navigation.name())) {
        json.put(navigation.name() + NAVIGATION_LINK, selfLink + "/" + navigation.name());
      }
    }
    return json;
  }

  static String selfLink(String serviceRoot, EntityType type, long id) {
    return serviceRoot + "/" + type.plural() + "(" + id + ")";
  }

  /** Puts a domain value (text, JSON, time or null) into a JSON object. */
  static void putValue(ObjectNode json, String name, Object value) {
    switch (value) {
      case null -> json.putNull(name);
      case String text -> json.put(name, text);
      case Json raw -> json.putRawValue(name, new RawValue(raw.text()));
      case TimeValue time -> json.put(name, TimeText.format(time));
      default ->
          throw new IllegalStateException(
              "storage returned a " + value.getClass().getName() + " for " + name);
    }
  }

  /** The bare text of a value for {@code $value}: strings unquoted, JSON as JSON, times in ISO. */
  static String rawText(Object value) {
    return switch (value) {
      case String text -> text;
      case Json raw -> raw.text();
      case TimeValue time -> TimeText.format(time);
      default ->
          throw new IllegalStateException("storage returned a " + value.getClass().getName());
    };
  }
}
