package org.civitas.storage;

import static org.civitas.sensing.model.EntityType.DATASTREAM;
import static org.civitas.sensing.model.EntityType.HISTORICAL_LOCATION;
import static org.civitas.sensing.model.EntityType.LOCATION;
import static org.civitas.sensing.model.EntityType.MULTI_DATASTREAM;
import static org.civitas.sensing.model.EntityType.OBSERVATION;
import static org.civitas.sensing.model.EntityType.TASK;
import static org.civitas.sensing.model.EntityType.TASKING_CAPABILITY;
import static org.civitas.sensing.model.EntityType.THING;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;

/**
 * Where every SensorThings entity type, property and navigation property lives in the tables of
 * {@code db/migration/sensing}. This is the only place that knows table and column names; CRUD and
 * queries are generated from it, so there is no persistence class per entity type.
 *
 * <p>Naming rule: table = the singular name in snake case ({@code FeatureOfInterest} → {@code
 * feature_of_interest}); column = the property name in snake case, with {@code _start} and {@code
 * _end} for a time that can be an interval. The Observation result is the one exception (two
 * columns: a number and JSON text).
 */
final class SensingSchema {

  /** One table: an entity type's properties and the navigation properties leaving it. */
  record Table(
      EntityType type, String name, List<PropertyColumns> properties, Map<Navigation, Link> links) {

    Optional<PropertyColumns> property(String name) {
      return properties.stream().filter(p -> p.property().name().equals(name)).findFirst();
    }

    Link link(Navigation navigation) {
      Link link = links.get(navigation);
      if (link == null) {
        throw new IllegalArgumentException(navigation + " is not a navigation property of " + type);
      }
      return link;
    }
  }

  /** The columns one property is stored in, and how its value is converted. */
  record PropertyColumns(Property property, List<String> columns, ValueCodec codec) {
    PropertyColumns {
      columns = List.copyOf(columns);
    }

    /** The column that orders this property: for a time, its start. */
    String sortColumn() {
      return columns.getFirst();
    }
  }

  /** How a navigation property is stored. */
  sealed interface Link {
    Navigation navigation();

    /** A to-one link kept as a foreign key column of the owner's table (Datastream/Thing). */
    record OwnColumn(Navigation navigation, String column) implements Link {}

    /**
     * A to-many link kept as a foreign key column of the target's table, pointing back at the owner
     * (Thing/Datastreams is {@code datastream.thing_id}).
     */
    record TargetColumn(Navigation navigation, String column) implements Link {}

    /**
     * A many-to-many link kept in a table of pairs. When the set is a list (a MultiDatastream's
     * ObservedProperties), {@code ordinal} names the column holding the position within the list of
     * the entity in {@code listColumn}; both are null otherwise.
     */
    record LinkTable(
        Navigation navigation,
        String table,
        String ownerColumn,
        String targetColumn,
        String ordinal,
        String listColumn)
        implements Link {

      /** Whether the scope "owner's targets" is a list, to be read in list order by default. */
      boolean ownerHoldsList() {
        return ownerColumn.equals(listColumn);
      }
    }
  }

  private static final Map<EntityType, Table> TABLES = new EnumMap<>(EntityType.class);

  static {
    Map<EntityType, Map<Navigation, Link>> links = new EnumMap<>(EntityType.class);
    for (EntityType type : EntityType.values()) {
      links.put(type, new LinkedHashMap<>());
    }
    foreignKey(links, DATASTREAM, "Thing", "thing_id");
    foreignKey(links, DATASTREAM, "Sensor", "sensor_id");
    foreignKey(links, DATASTREAM, "ObservedProperty", "observed_property_id");
    foreignKey(links, MULTI_DATASTREAM, "Thing", "thing_id");
    foreignKey(links, MULTI_DATASTREAM, "Sensor", "sensor_id");
    foreignKey(links, HISTORICAL_LOCATION, "Thing", "thing_id");
    foreignKey(links, OBSERVATION, "Datastream", "datastream_id");
    foreignKey(links, OBSERVATION, "MultiDatastream", "multi_datastream_id");
    foreignKey(links, OBSERVATION, "FeatureOfInterest", "feature_of_interest_id");
    foreignKey(links, TASKING_CAPABILITY, "Thing", "thing_id");
    foreignKey(links, TASKING_CAPABILITY, "Actuator", "actuator_id");
    foreignKey(links, TASK, "TaskingCapability", "tasking_capability_id");
    linkTable(links, THING, "Locations", "thing_location", "thing_id", "location_id", null);
    linkTable(
        links,
        LOCATION,
        "HistoricalLocations",
        "location_historical_location",
        "location_id",
        "historical_location_id",
        null);
    linkTable(
        links,
        MULTI_DATASTREAM,
        "ObservedProperties",
        "multi_datastream_observed_property",
        "multi_datastream_id",
        "observed_property_id",
        "ordinal");

    for (EntityType type : EntityType.values()) {
      for (Navigation navigation : type.navigations()) {
        if (!links.get(type).containsKey(navigation)) {
          throw new IllegalStateException("no storage mapping for navigation " + navigation);
        }
      }
      TABLES.put(type, new Table(type, snake(type.singular()), columnsOf(type), links.get(type)));
    }
  }

  private SensingSchema() {}

  /**
   * The (stream, phenomenon time, id) indexes of the observation table by the stream column they
   * lead with: what "latest" and a stream's Observations in time order are read from.
   */
  static Optional<String> observationTimeIndex(String streamColumn) {
    return switch (streamColumn) {
      case "datastream_id" -> Optional.of("observation_datastream_time");
      case "multi_datastream_id" -> Optional.of("observation_multi_datastream_time");
      default -> Optional.empty();
    };
  }

  static Table table(EntityType type) {
    return TABLES.get(type);
  }

  private static List<PropertyColumns> columnsOf(EntityType type) {
    List<PropertyColumns> columns = new ArrayList<>();
    for (Property property : type.properties()) {
      String column = snake(property.name());
      if (type == OBSERVATION && property.name().equals("result")) {
        columns.add(
            new PropertyColumns(
                property, List.of("result_number", "result_json"), ValueCodec.RESULT));
        continue;
      }
      columns.add(
          switch (property.kind()) {
            case TEXT -> new PropertyColumns(property, List.of(column), ValueCodec.TEXT);
            case JSON, GEOMETRY -> new PropertyColumns(property, List.of(column), ValueCodec.JSON);
            case TIME_INSTANT -> new PropertyColumns(property, List.of(column), ValueCodec.INSTANT);
            case TIME_INTERVAL ->
                new PropertyColumns(
                    property, List.of(column + "_start", column + "_end"), ValueCodec.INTERVAL);
            case TIME ->
                new PropertyColumns(
                    property, List.of(column + "_start", column + "_end"), ValueCodec.TIME);
          });
    }
    return List.copyOf(columns);
  }

  /** A to-one navigation stored as a column of its owner, and its to-many inverse. */
  private static void foreignKey(
      Map<EntityType, Map<Navigation, Link>> links,
      EntityType owner,
      String navigationName,
      String column) {
    Navigation navigation = navigation(owner, navigationName);
    links.get(owner).put(navigation, new Link.OwnColumn(navigation, column));
    Navigation inverse = navigation.inverse();
    links.get(inverse.owner()).put(inverse, new Link.TargetColumn(inverse, column));
  }

  private static void linkTable(
      Map<EntityType, Map<Navigation, Link>> links,
      EntityType owner,
      String navigationName,
      String table,
      String ownerColumn,
      String targetColumn,
      String ordinal) {
    Navigation navigation = navigation(owner, navigationName);
    String listColumn = ordinal == null ? null : ownerColumn;
    links
        .get(owner)
        .put(
            navigation,
            new Link.LinkTable(navigation, table, ownerColumn, targetColumn, ordinal, listColumn));
    Navigation inverse = navigation.inverse();
    links
        .get(inverse.owner())
        .put(
            inverse,
            new Link.LinkTable(inverse, table, targetColumn, ownerColumn, ordinal, listColumn));
  }

  private static Navigation navigation(EntityType owner, String name) {
    return owner
        .navigation(name)
        .orElseThrow(() -> new IllegalStateException(owner + " has no navigation " + name));
  }

  /** {@code unitOfMeasurement} → {@code unit_of_measurement}. */
  static String snake(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          out.append('_');
        }
        out.append(Character.toLowerCase(c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
