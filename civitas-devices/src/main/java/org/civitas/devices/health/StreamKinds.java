package org.civitas.devices.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.sensing.SensingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What kind of quantity each Datastream measures and what it may plausibly be, read from
 * SensorThings and cached between monitor runs: a Datastream's ObservedProperty rarely changes, and
 * reading it costs three lookups. Entries are read again after {@link #TTL}.
 *
 * <p>Two Datastreams are of the same kind when their ObservedProperties have the same definition
 * (the URI that says what is measured): the same ObservedProperty entity, or two entities made for
 * the same quantity by different Things.
 */
final class StreamKinds {
  private static final Logger log = LoggerFactory.getLogger(StreamKinds.class);

  /** How long a Datastream's kind is trusted before it is read again. */
  static final Duration TTL = Duration.ofMinutes(30);

  private static final Navigation OBSERVED_PROPERTY =
      EntityType.DATASTREAM.navigation("ObservedProperty").orElseThrow();

  /**
   * @param observedPropertyId its ObservedProperty
   * @param kind the ObservedProperty's definition, or its lower-case name when the definition is
   *     blank: the key neighbours share
   * @param range what its values may be: the Datastream's {@code properties.plausibleRange}, else
   *     the quantity's known range, else {@link PlausibleRange#ANY}
   */
  record Kind(long observedPropertyId, String kind, PlausibleRange range) {}

  private record Cached(Optional<Kind> kind, Instant readAt) {}

  private final SensingApi sensing;
  private final Clock clock;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

  StreamKinds(SensingApi sensing, Clock clock) {
    this.sensing = sensing;
    this.clock = clock;
  }

  /** The kind of the Datastream; empty when it does not exist (any more). */
  Optional<Kind> of(long datastreamId) {
    Instant now = clock.instant();
    Cached cached = cache.get(datastreamId);
    if (cached == null || cached.readAt().plus(TTL).isBefore(now)) {
      cached = new Cached(read(datastreamId), now);
      cache.put(datastreamId, cached);
    }
    return cached.kind();
  }

  /** Forgets what is cached for Datastreams no assessed device feeds any more. */
  void retainOnly(java.util.Set<Long> datastreamIds) {
    cache.keySet().retainAll(datastreamIds);
  }

  private Optional<Kind> read(long datastreamId) {
    Optional<Entity> datastream = sensing.find(EntityType.DATASTREAM, datastreamId);
    if (datastream.isEmpty()) {
      return Optional.empty();
    }
    List<Long> properties = sensing.linked(OBSERVED_PROPERTY, datastreamId, 1);
    if (properties.isEmpty()) {
      return Optional.empty();
    }
    long propertyId = properties.getFirst();
    Optional<Entity> property = sensing.find(EntityType.OBSERVED_PROPERTY, propertyId);
    if (property.isEmpty()) {
      return Optional.empty();
    }
    String name = text(property.get().value("name"));
    String definition = text(property.get().value("definition"));
    String kind = definition.isBlank() ? name.toLowerCase(Locale.ROOT) : definition;
    PlausibleRange range =
        declared(datastreamId, datastream.get().value("properties"))
            .or(() -> PlausibleRange.forQuantity(name))
            .orElse(PlausibleRange.ANY);
    return Optional.of(new Kind(propertyId, kind, range));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  /**
   * The Datastream's own {@code properties.plausibleRange}; a missing bound is unbounded, and a
   * malformed one is logged and ignored (the quantity's range then applies).
   */
  static Optional<PlausibleRange> declared(long datastreamId, Object properties) {
    if (!(properties instanceof Json json)) {
      return Optional.empty();
    }
    try {
      JsonNode range = JsonCodec.readTree(json.text()).get("plausibleRange");
      if (range == null || !range.isObject()) {
        return Optional.empty();
      }
      JsonNode min = range.get("min");
      JsonNode max = range.get("max");
      JsonNode constant = range.get("constantAllowed");
      return Optional.of(
          new PlausibleRange(
              min != null && min.isNumber() ? min.asDouble() : Double.NEGATIVE_INFINITY,
              max != null && max.isNumber() ? max.asDouble() : Double.POSITIVE_INFINITY,
              constant != null && constant.asBoolean(false)));
    } catch (RuntimeException e) {
      log.warn(
          "Datastream {}: properties.plausibleRange is not usable, ignored: {}",
          datastreamId,
          e.getMessage());
      return Optional.empty();
    }
  }
}
