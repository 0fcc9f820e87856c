package org.civitas.server.sensing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.civitas.sensing.model.Property;

/**
 * A SensorThings resource path below the service root, parsed: {@code
 * Things(1)/Datastreams(2)/Observations}, {@code Things(1)/name/$value}, {@code Things/$ref}.
 *
 * @param steps the entity steps, at least one
 * @param property the property addressed after the last (single-entity) step, if any
 * @param rawValue whether {@code $value} follows the property (the bare value, not JSON)
 * @param ref whether {@code $ref} ends the path (links instead of entities)
 */
record ResourcePath(
    List<PathStep> steps, Optional<Property> property, boolean rawValue, boolean ref) {
  ResourcePath {
    steps = List.copyOf(steps);
    Objects.requireNonNull(property, "property");
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a resource path has at least one step");
    }
  }

  PathStep last() {
    return steps.getLast();
  }

  /** Whether the path addresses a set of entities (to read a page of, or to create one in). */
  boolean addressesCollection() {
    return property.isEmpty() && !last().single();
  }

  /** Whether the path addresses one entity as a whole (to read, update or delete). */
  boolean addressesEntity() {
    return property.isEmpty() && last().single();
  }

  @Override
  public String toString() {
    String path = steps.stream().map(PathStep::toString).collect(Collectors.joining("/"));
    if (property.isPresent()) {
      path += "/" + property.get().name() + (rawValue ? "/$value" : "");
    }
    return ref ? path + "/$ref" : path;
  }
}
