package org.civitas.server.sensing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;

/**
 * An entity as a client sent it, checked against the metadata: property values and, per navigation
 * property, references to existing entities or new entities to create with it (deep insert).
 *
 * @param field where this entity sits in the request body, for error messages ({@code ""} at the
 *     top, {@code Datastreams[0].Sensor.} below)
 */
record EntityRequest(
    EntityType type,
    Map<String, Object> values,
    Map<Navigation, List<Reference>> references,
    String field) {

  EntityRequest {
    Objects.requireNonNull(type, "type");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    Map<Navigation, List<Reference>> copy = new LinkedHashMap<>();
    references.forEach((navigation, list) -> copy.put(navigation, List.copyOf(list)));
    references = Collections.unmodifiableMap(copy);
  }

  /** The same request with one more property value (a server default). */
  EntityRequest with(String property, Object value) {
    Map<String, Object> changed = new LinkedHashMap<>(values);
    changed.put(property, value);
    return new EntityRequest(type, changed, references, field);
  }

  /** Whether every reference points at an existing entity, so nothing is created with this one. */
  boolean onlyLinksExisting() {
    return references.values().stream()
        .flatMap(List::stream)
        .allMatch(reference -> reference instanceof Reference.Existing);
  }

  /** A link from a navigation property to an entity. */
  sealed interface Reference {
    /** {@code {"@iot.id": 7}}: an entity that exists already. */
    record Existing(long id) implements Reference {}

    /** A new entity to create together with the one that names it. */
    record Created(EntityRequest entity) implements Reference {}
  }
}
