package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.Scope;
import org.civitas.server.http.JsonCodec;

/**
 * The compact {@code dataArray} form of Observations (OGC 18-088, 14.3): per Datastream (or
 * MultiDatastream) one object with the names of the {@code components} and one row of values per
 * Observation, in the order of the page. {@code $select} chooses the components.
 */
final class DataArrayFormat {

  static final String OPTION = "$resultFormat";
  static final String DATA_ARRAY = "dataArray";

  private static final Navigation TO_DATASTREAM =
      EntityType.OBSERVATION.navigation("Datastream").orElseThrow();
  private static final Navigation TO_MULTI_DATASTREAM =
      EntityType.OBSERVATION.navigation("MultiDatastream").orElseThrow();

  private DataArrayFormat() {}

  /** Whether {@code $resultFormat} asks for dataArray; it may, only for Observations. */
  static boolean requested(EntityType type, String value) {
    if (value == null) {
      return false;
    }
    if (!value.trim().equals(DATA_ARRAY)) {
      throw new InvalidInputException(
          OPTION + " supports only " + DATA_ARRAY + ", found '" + value + "'", OPTION);
    }
    if (type != EntityType.OBSERVATION) {
      throw new InvalidInputException(
          OPTION + "=" + DATA_ARRAY + " applies to Observations, not to " + type.plural(), OPTION);
    }
    return true;
  }

  /** The names of the components written for these options: {@code id} and properties. */
  static List<String> components(QueryOptions options) {
    List<String> names = new ArrayList<>();
    if (options.selects(QueryOptionsParser.ID)) {
      names.add(QueryOptionsParser.ID);
    }
    for (Property property : EntityType.OBSERVATION.properties()) {
      if (options.selects(property.name())) {
        names.add(property.name());
      }
    }
    return names;
  }

  /**
   * The {@code value} array of a dataArray response.
   *
   * @param scope the path's scope: when it names the stream, no Observation is looked up
   */
  static ArrayNode write(
      List<Entity> observations,
      QueryOptions options,
      Optional<Scope> scope,
      EntityReader reader,
      String serviceRoot) {
    List<String> components = components(options);
    Map<String, List<Entity>> byStream = new LinkedHashMap<>();
    for (Entity observation : observations) {
      byStream
          .computeIfAbsent(
              streamLink(observation, scope, reader, serviceRoot), key -> new ArrayList<>())
          .add(observation);
    }
    ArrayNode value = JsonCodec.newArray();
    for (var group : byStream.entrySet()) {
      ObjectNode item = value.addObject();
      String link = group.getKey();
      boolean multi = link.startsWith(serviceRoot + "/" + EntityType.MULTI_DATASTREAM.plural());
      item.put((multi ? "MultiDatastream" : "Datastream") + EntityJson.NAVIGATION_LINK, link);
      ArrayNode names = item.putArray("components");
      components.forEach(names::add);
      item.put("dataArray@iot.count", group.getValue().size());
      ArrayNode rows = item.putArray("dataArray");
      for (Entity observation : group.getValue()) {
        ArrayNode row = rows.addArray();
        for (String component : components) {
          if (component.equals(QueryOptionsParser.ID)) {
            row.add(observation.id());
          } else {
            add(row, observation.value(component));
          }
        }
      }
    }
    return value;
  }

  /** The self link of the Observation's Datastream or MultiDatastream. */
  private static String streamLink(
      Entity observation, Optional<Scope> scope, EntityReader reader, String serviceRoot) {
    if (scope.isPresent()) {
      EntityType parent = scope.get().parentType();
      if (parent == EntityType.DATASTREAM || parent == EntityType.MULTI_DATASTREAM) {
        return EntityJson.selfLink(serviceRoot, parent, scope.get().parentId());
      }
    }
    EntityPage datastream = reader.query(PathResolver.scoped(TO_DATASTREAM, observation.id(), 1));
    if (!datastream.entities().isEmpty()) {
      return EntityJson.selfLink(
          serviceRoot, EntityType.DATASTREAM, datastream.entities().getFirst().id());
    }
    EntityPage multi = reader.query(PathResolver.scoped(TO_MULTI_DATASTREAM, observation.id(), 1));
    return EntityJson.selfLink(
        serviceRoot, EntityType.MULTI_DATASTREAM, multi.entities().getFirst().id());
  }

  private static void add(ArrayNode row, Object value) {
    switch (value) {
      case null -> row.addNull();
      case String text -> row.add(text);
      case Json raw -> row.addRawValue(new RawValue(raw.text()));
      case TimeValue time -> row.add(TimeText.format(time));
      default ->
          throw new IllegalStateException(
              "storage returned a " + value.getClass().getName() + " for an Observation");
    }
  }
}
