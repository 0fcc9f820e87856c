package org.civitas.storage;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.store.SensingStore;
import org.civitas.sensing.store.SensingTransaction;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;

/**
 * Builds small, valid SensorThings graphs in a store, for the storage contract tests and for any
 * module's tests that need data to work on. Public so the server's tests can use it from the
 * test-jar.
 */
public final class SensingFixtures {
  private SensingFixtures() {}

  /** The ids of one complete graph: a Thing with a Location, a Datastream and its parts. */
  public record Graph(
      long thing,
      long location,
      long sensor,
      long observedProperty,
      long datastream,
      long multiDatastream,
      long featureOfInterest) {}

  /** Creates a {@link Graph} in one transaction; {@code name} keeps graphs of tests apart. */
  public static Graph graph(SensingStore store, String name) {
    return store.inTransaction(
        tx -> {
          long thing = tx.create(thing(name));
          long location =
              tx.create(
                  draft(
                      EntityType.LOCATION,
                      values(
                          "name",
                          name + " location",
                          "description",
                          "where " + name + " stands",
                          "encodingType",
                          "application/geo+json",
                          "location",
                          new Json("{\"type\":\"Point\",\"coordinates\":[8.4,49.0]}")),
                      Map.of(nav(EntityType.LOCATION, "Things"), List.of(thing))));
          long sensor = tx.create(sensor(name));
          long observedProperty = tx.create(observedProperty(name));
          long datastream = tx.create(datastream(name, thing, sensor, observedProperty));
          long multiDatastream =
              tx.create(multiDatastream(name, thing, sensor, List.of(observedProperty)));
          long featureOfInterest = tx.create(featureOfInterest(name));
          return new Graph(
              thing,
              location,
              sensor,
              observedProperty,
              datastream,
              multiDatastream,
              featureOfInterest);
        });
  }

  public static EntityDraft thing(String name) {
    return draft(
        EntityType.THING,
        values(
            "name",
            name,
            "description",
            "a thing called " + name,
            "properties",
            new Json("{\"district\":\"Mitte\"}")),
        Map.of());
  }

  public static EntityDraft sensor(String name) {
    return draft(
        EntityType.SENSOR,
        values(
            "name",
            name + " sensor",
            "description",
            "a sensor",
            "encodingType",
            "application/pdf",
            "metadata",
            new Json("\"https://example.org/datasheet.pdf\"")),
        Map.of());
  }

  public static EntityDraft observedProperty(String name) {
    return draft(
        EntityType.OBSERVED_PROPERTY,
        values(
            "name", name + " temperature",
            "definition", "http://qudt.org/vocab/quantitykind/Temperature",
            "description", "air temperature"),
        Map.of());
  }

  public static EntityDraft datastream(
      String name, long thing, long sensor, long observedProperty) {
    return draft(
        EntityType.DATASTREAM,
        values(
            "name",
            name + " datastream",
            "description",
            "temperature of " + name,
            "unitOfMeasurement",
            new Json("{\"name\":\"degree Celsius\",\"symbol\":\"°C\",\"definition\":\"ucum:Cel\"}"),
            "observationType",
            "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"),
        Map.of(
            nav(EntityType.DATASTREAM, "Thing"), List.of(thing),
            nav(EntityType.DATASTREAM, "Sensor"), List.of(sensor),
            nav(EntityType.DATASTREAM, "ObservedProperty"), List.of(observedProperty)));
  }

  public static EntityDraft multiDatastream(
      String name, long thing, long sensor, List<Long> observedProperties) {
    return draft(
        EntityType.MULTI_DATASTREAM,
        values(
            "name",
            name + " multi",
            "description",
            "several values of " + name,
            "unitOfMeasurements",
            new Json("[{\"name\":\"degree Celsius\",\"symbol\":\"°C\"}]"),
            "observationType",
            "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_ComplexObservation",
            "multiObservationDataTypes",
            new Json("[\"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement\"]")),
        Map.of(
            nav(EntityType.MULTI_DATASTREAM, "Thing"), List.of(thing),
            nav(EntityType.MULTI_DATASTREAM, "Sensor"), List.of(sensor),
            nav(EntityType.MULTI_DATASTREAM, "ObservedProperties"), observedProperties));
  }

  public static EntityDraft featureOfInterest(String name) {
    return draft(
        EntityType.FEATURE_OF_INTEREST,
        values(
            "name",
            name + " feature",
            "description",
            "the air around " + name,
            "encodingType",
            "application/geo+json",
            "feature",
            new Json("{\"type\":\"Point\",\"coordinates\":[8.4,49.0]}")),
        Map.of());
  }

  /** A numeric Observation of a Datastream at {@code time}, for the ingest path. */
  public static NewObservation observation(
      long datastream, long featureOfInterest, Instant time, String result) {
    return new NewObservation(
        new ObservationStream.Datastream(datastream),
        featureOfInterest,
        new TimeValue.Instant(time),
        null,
        new Json(result),
        null,
        null,
        null);
  }

  /** The same Observation as a draft for {@link SensingTransaction#create}. */
  public static EntityDraft observationDraft(
      long datastream, long featureOfInterest, TimeValue time, String result) {
    return draft(
        EntityType.OBSERVATION,
        values("phenomenonTime", time, "result", new Json(result)),
        Map.of(
            nav(EntityType.OBSERVATION, "Datastream"), List.of(datastream),
            nav(EntityType.OBSERVATION, "FeatureOfInterest"), List.of(featureOfInterest)));
  }

  public static Navigation nav(EntityType owner, String name) {
    return owner.navigation(name).orElseThrow();
  }

  public static EntityDraft draft(
      EntityType type, Map<String, Object> values, Map<Navigation, List<Long>> links) {
    return new EntityDraft(type, values, links);
  }

  /** An ordered map of property values from name/value pairs; values may be null. */
  public static Map<String, Object> values(Object... namesAndValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      values.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return values;
  }
}
