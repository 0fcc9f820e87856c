package org.civitas.sensing.model;

import static org.civitas.sensing.model.Property.computed;
import static org.civitas.sensing.model.Property.optional;
import static org.civitas.sensing.model.Property.required;
import static org.civitas.sensing.model.ValueKind.GEOMETRY;
import static org.civitas.sensing.model.ValueKind.JSON;
import static org.civitas.sensing.model.ValueKind.TEXT;
import static org.civitas.sensing.model.ValueKind.TIME;
import static org.civitas.sensing.model.ValueKind.TIME_INSTANT;
import static org.civitas.sensing.model.ValueKind.TIME_INTERVAL;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entity types of OGC SensorThings API v1.1 Part 1 (Sensing) and Part 2 (Tasking Core), with
 * their properties and navigation properties as the specifications (OGC 18-088, section 8.2; OGC
 * 17-079, section 8.2) define them. Storage and the HTTP layer are both driven by this one
 * description, so a property is declared once.
 */
public enum EntityType {
  THING(
      "Thing",
      "Things",
      List.of(required("name", TEXT), required("description", TEXT), optional("properties", JSON))),
  LOCATION(
      "Location",
      "Locations",
      List.of(
          required("name", TEXT),
          required("description", TEXT),
          required("encodingType", TEXT),
          required("location", GEOMETRY),
          optional("properties", JSON))),
  HISTORICAL_LOCATION(
      "HistoricalLocation", "HistoricalLocations", List.of(required("time", TIME_INSTANT))),
  SENSOR(
      "Sensor",
      "Sensors",
      List.of(
          required("name", TEXT),
          required("description", TEXT),
          required("encodingType", TEXT),
          required("metadata", JSON),
          optional("properties", JSON))),
  OBSERVED_PROPERTY(
      "ObservedProperty",
      "ObservedProperties",
      List.of(
          required("name", TEXT),
          required("definition", TEXT),
          required("description", TEXT),
          optional("properties", JSON))),
  DATASTREAM(
      "Datastream",
      "Datastreams",
      List.of(
          required("name", TEXT),
          required("description", TEXT),
          required("unitOfMeasurement", JSON),
          required("observationType", TEXT),
          computed("observedArea", GEOMETRY),
          computed("phenomenonTime", TIME_INTERVAL),
          computed("resultTime", TIME_INTERVAL),
          optional("properties", JSON))),
  MULTI_DATASTREAM(
      "MultiDatastream",
      "MultiDatastreams",
      List.of(
          required("name", TEXT),
          required("description", TEXT),
          required("unitOfMeasurements", JSON),
          required("observationType", TEXT),
          required("multiObservationDataTypes", JSON),
          computed("observedArea", GEOMETRY),
          computed("phenomenonTime", TIME_INTERVAL),
          computed("resultTime", TIME_INTERVAL),
          optional("properties", JSON))),
  OBSERVATION(
      "Observation",
      "Observations",
      List.of(
          required("phenomenonTime", TIME),
          optional("resultTime", TIME_INSTANT),
          required("result", JSON),
          optional("resultQuality", JSON),
          optional("validTime", TIME_INTERVAL),
          optional("parameters", JSON))),
  FEATURE_OF_INTEREST(
      "FeatureOfInterest",
      "FeaturesOfInterest",
      List.of(
          required("name", TEXT),
          required("description", TEXT),
          required("encodingType", TEXT),
          required("feature", GEOMETRY),
          optional("properties", JSON))),
  // Tasking Core (OGC 17-079, section 8.2).
  ACTUATOR(
      "Actuator",
      "Actuators",
      List.of(
          required("name", TEXT),
          required("description", TEXT),
          required("encodingType", TEXT),
          required("metadata", JSON),
          optional("properties", JSON))),
  TASKING_CAPABILITY(
      "TaskingCapability",
      "TaskingCapabilities",
      List.of(
          required("name", TEXT),
          required("description", TEXT),
          required("taskingParameters", JSON),
          optional("properties", JSON))),
  /**
   * A Task. {@code properties} is not in OGC 17-079: Civitas keeps the state of delivering the Task
   * to its device there ({@code properties.delivery}).
   */
  TASK(
      "Task",
      "Tasks",
      List.of(
          computed("creationTime", TIME_INSTANT),
          required("taskingParameters", JSON),
          optional("properties", JSON)));

  private final String singular;
  private final String plural;
  private final List<Property> properties;
  private final List<Navigation> navigations = new ArrayList<>();

  private static final Map<Navigation, Navigation> INVERSES = new HashMap<>();

  static {
    // Each line is one relation of the specification's UML model, named from both ends:
    // owner, name on owner, many?, required?, target, name on target, many?, required?
    link(THING, "Locations", true, false, LOCATION, "Things", true, false);
    link(THING, "HistoricalLocations", true, false, HISTORICAL_LOCATION, "Thing", false, true);
    link(THING, "Datastreams", true, false, DATASTREAM, "Thing", false, true);
    link(THING, "MultiDatastreams", true, false, MULTI_DATASTREAM, "Thing", false, true);
    link(
        LOCATION,
        "HistoricalLocations",
        true,
        false,
        HISTORICAL_LOCATION,
        "Locations",
        true,
        false);
    link(SENSOR, "Datastreams", true, false, DATASTREAM, "Sensor", false, true);
    link(SENSOR, "MultiDatastreams", true, false, MULTI_DATASTREAM, "Sensor", false, true);
    link(
        OBSERVED_PROPERTY, "Datastreams", true, false, DATASTREAM, "ObservedProperty", false, true);
    link(
        OBSERVED_PROPERTY,
        "MultiDatastreams",
        true,
        false,
        MULTI_DATASTREAM,
        "ObservedProperties",
        true,
        true);
    link(DATASTREAM, "Observations", true, false, OBSERVATION, "Datastream", false, false);
    link(
        MULTI_DATASTREAM,
        "Observations",
        true,
        false,
        OBSERVATION,
        "MultiDatastream",
        false,
        false);
    link(
        FEATURE_OF_INTEREST,
        "Observations",
        true,
        false,
        OBSERVATION,
        "FeatureOfInterest",
        false,
        true);
    link(THING, "TaskingCapabilities", true, false, TASKING_CAPABILITY, "Thing", false, true);
    link(ACTUATOR, "TaskingCapabilities", true, false, TASKING_CAPABILITY, "Actuator", false, true);
    link(TASKING_CAPABILITY, "Tasks", true, false, TASK, "TaskingCapability", false, true);
  }

  EntityType(String singular, String plural, List<Property> properties) {
    this.singular = singular;
    this.plural = plural;
    this.properties = List.copyOf(properties);
  }

  private static void link(
      EntityType a,
      String nameOnA,
      boolean manyFromA,
      boolean requiredOnA,
      EntityType b,
      String nameOnB,
      boolean manyFromB,
      boolean requiredOnB) {
    Navigation ab = new Navigation(a, nameOnA, b, manyFromA, requiredOnA);
    Navigation ba = new Navigation(b, nameOnB, a, manyFromB, requiredOnB);
    a.navigations.add(ab);
    b.navigations.add(ba);
    INVERSES.put(ab, ba);
    INVERSES.put(ba, ab);
  }

  static Navigation inverseOf(Navigation navigation) {
    return INVERSES.get(navigation);
  }

  /** The singular name, e.g. {@code Datastream}: the name of a to-one navigation property. */
  public String singular() {
    return singular;
  }

  /** The entity set name in URLs, e.g. {@code Datastreams}. */
  public String plural() {
    return plural;
  }

  /**
   * The properties in the order the specification lists them; {@code @iot.id} is not among them.
   */
  public List<Property> properties() {
    return properties;
  }

  public List<Navigation> navigations() {
    return List.copyOf(navigations);
  }

  public Optional<Property> property(String name) {
    return properties.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public Optional<Navigation> navigation(String name) {
    return navigations.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  /** The entity type whose entity set has this name, e.g. {@code Things}. */
  public static Optional<EntityType> byPlural(String plural) {
    for (EntityType type : values()) {
      if (type.plural.equals(plural)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
