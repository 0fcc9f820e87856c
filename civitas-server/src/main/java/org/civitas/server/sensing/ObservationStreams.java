package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.OrderBy;
import org.civitas.sensing.query.Scope;
import org.civitas.server.http.JsonCodec;
import org.civitas.timeseries.ObservationStream;

/**
 * What the service needs to know about a Datastream or MultiDatastream to accept an Observation
 * without reading it again for every Observation: its observation type(s) and the FeatureOfInterest
 * derived from its Thing's Location. Both are cached in memory.
 *
 * <p>The caches are dropped whenever a Location, Thing, stream or FeatureOfInterest changes through
 * this server ({@link #forget()}); several servers sharing one database would each keep their own
 * caches, which is why a derived FeatureOfInterest is also looked up in storage (by the stream's
 * latest Observation) before a new one is created.
 */
final class ObservationStreams {

  /** The observation type of a stream; for a MultiDatastream also the type of each component. */
  record StreamInfo(ObservationStream stream, String observationType, List<String> componentTypes) {
    StreamInfo {
      componentTypes = List.copyOf(componentTypes);
    }
  }

  private final Map<ObservationStream, StreamInfo> infos = new ConcurrentHashMap<>();
  private final Map<ObservationStream, Long> derivedFeatures = new ConcurrentHashMap<>();
  // One derived FeatureOfInterest per Location, shared by all streams of the Things there.
  private final Map<Long, Long> featuresByLocation = new ConcurrentHashMap<>();

  /** Drops everything cached; called after any change that could make it stale. */
  void forget() {
    infos.clear();
    derivedFeatures.clear();
    featuresByLocation.clear();
  }

  /** The stream's types, or empty when it does not exist. */
  Optional<StreamInfo> info(EntityReader reader, ObservationStream stream) {
    StreamInfo cached = infos.get(stream);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<StreamInfo> loaded = load(reader, stream);
    loaded.ifPresent(info -> infos.put(stream, info));
    return loaded;
  }

  private static Optional<StreamInfo> load(EntityReader reader, ObservationStream stream) {
    return switch (stream) {
      case ObservationStream.Datastream d ->
          reader
              .find(EntityType.DATASTREAM, d.id(), Set.of("observationType"))
              .map(e -> new StreamInfo(stream, (String) e.value("observationType"), List.of()));
      case ObservationStream.MultiDatastream m ->
          reader
              .find(
                  EntityType.MULTI_DATASTREAM,
                  m.id(),
                  Set.of("observationType", "multiObservationDataTypes"))
              .map(
                  e -> {
                    List<String> types = new ArrayList<>();
                    Json json = (Json) e.value("multiObservationDataTypes");
                    JsonCodec.readTree(json.text()).forEach(node -> types.add(node.asText()));
                    return new StreamInfo(stream, (String) e.value("observationType"), types);
                  });
    };
  }

  /** Checks a result against the stream's type; a MultiDatastream's result is one per component. */
  static void requireResultFits(StreamInfo info, Json result, String field) {
    if (info.stream() instanceof ObservationStream.Datastream) {
      ObservationTypes.requireResultFits(info.observationType(), result, field);
      return;
    }
    JsonNode node = JsonCodec.readTree(result.text());
    if (!node.isArray() || node.size() != info.componentTypes().size()) {
      throw new InvalidInputException(
          "the result of an Observation of a MultiDatastream is an array of "
              + info.componentTypes().size()
              + " values, one per ObservedProperty; found "
              + (node.isArray() ? "an array of " + node.size() : JsonCodec.describe(node)),
          field);
    }
    for (int i = 0; i < node.size(); i++) {
      ObservationTypes.requireResultFits(
          info.componentTypes().get(i), node.get(i), field + "[" + i + "]");
    }
  }

  /**
   * The FeatureOfInterest for an Observation that names none: the one derived from the Location of
   * the stream's Thing, created on first use.
   *
   * @param create stores a new FeatureOfInterest and returns its id
   * @param remember whether the answer may be cached: false inside a transaction that could still
   *     roll back the FeatureOfInterest it created
   */
  long derivedFeature(
      EntityReader reader,
      ToLongFunction<EntityDraft> create,
      ObservationStream stream,
      String field,
      boolean remember) {
    Long cached = derivedFeatures.get(stream);
    if (cached != null) {
      return cached;
    }
    if (!remember) {
      return findOrCreateFeature(reader, create, stream, field).featureId();
    }
    // Concurrent first Observations of a stream wait for one FeatureOfInterest instead of each
    // creating their own.
    return derivedFeatures.computeIfAbsent(
        stream,
        key -> {
          Derived derived = findOrCreateFeature(reader, create, key, field);
          featuresByLocation.put(derived.locationId(), derived.featureId());
          return derived.featureId();
        });
  }

  private record Derived(long locationId, long featureId) {}

  private Derived findOrCreateFeature(
      EntityReader reader,
      ToLongFunction<EntityDraft> create,
      ObservationStream stream,
      String field) {
    EntityType streamType = streamType(stream);
    Navigation toThing = streamType.navigation("Thing").orElseThrow();
    EntityPage things = reader.query(PathResolver.scoped(toThing, stream.id(), 1));
    if (things.entities().isEmpty()) {
      throw new InvalidInputException(
          "no " + streamType.singular() + " with id " + stream.id(), streamType.singular());
    }
    long thingId = things.entities().getFirst().id();
    // The newest Location is the Thing's current one (Locations are linked as the Thing moves).
    EntityPage locations =
        reader.query(
            new EntityQuery(
                EntityType.LOCATION,
                Optional.of(
                    new Scope(thingId, EntityType.THING.navigation("Locations").orElseThrow())),
                List.of(new OrderBy(QueryOptionsParser.ID, true)),
                0,
                1,
                false,
                Set.of()));
    if (locations.entities().isEmpty()) {
      throw new InvalidInputException(
          "the Observation names no FeatureOfInterest and Thing "
              + thingId
              + " has no Location to derive one from",
          field);
    }
    Entity location = locations.entities().getFirst();
    Long known = featuresByLocation.get(location.id());
    if (known != null) {
      return new Derived(location.id(), known);
    }
    Optional<Long> reusable = latestFeatureMatching(reader, stream, streamType, location);
    if (reusable.isPresent()) {
      return new Derived(location.id(), reusable.get());
    }
    long created =
        create.applyAsLong(
            new EntityDraft(
                EntityType.FEATURE_OF_INTEREST,
                Map.of(
                    "name", location.value("name"),
                    "description", location.value("description"),
                    "encodingType", location.value("encodingType"),
                    "feature", location.value("location")),
                Map.of()));
    return new Derived(location.id(), created);
  }

  /** The FeatureOfInterest of the stream's latest Observation, if it is this Location's. */
  private static Optional<Long> latestFeatureMatching(
      EntityReader reader, ObservationStream stream, EntityType streamType, Entity location) {
    EntityPage latest =
        reader.query(
            new EntityQuery(
                EntityType.OBSERVATION,
                Optional.of(
                    new Scope(stream.id(), streamType.navigation("Observations").orElseThrow())),
                List.of(new OrderBy("phenomenonTime", true)),
                0,
                1,
                false,
                Set.of("phenomenonTime")));
    if (latest.entities().isEmpty()) {
      return Optional.empty();
    }
    Navigation toFeature = EntityType.OBSERVATION.navigation("FeatureOfInterest").orElseThrow();
    EntityPage features =
        reader.query(PathResolver.scoped(toFeature, latest.entities().getFirst().id(), 1));
    if (features.entities().isEmpty()) {
      return Optional.empty();
    }
    Entity feature = features.entities().getFirst();
    Object geometry = feature.value("feature");
    Object place = location.value("location");
    if (geometry instanceof Json a
        && place instanceof Json b
        && JsonCodec.readTree(a.text()).equals(JsonCodec.readTree(b.text()))) {
      return Optional.of(feature.id());
    }
    return Optional.empty();
  }

  static EntityType streamType(ObservationStream stream) {
    return switch (stream) {
      case ObservationStream.Datastream d -> EntityType.DATASTREAM;
      case ObservationStream.MultiDatastream m -> EntityType.MULTI_DATASTREAM;
    };
  }
}
