package org.civitas.sensing.model;

import java.util.Objects;

/**
 * One property of a SensorThings entity type as the specification (OGC 18-088) defines it.
 *
 * @param name the JSON name, e.g. {@code unitOfMeasurement}
 * @param kind what the value is
 * @param required whether a create request must carry it
 * @param readOnly whether the server computes it (e.g. a Datastream's phenomenonTime): clients may
 *     not set it
 */
public record Property(String name, ValueKind kind, boolean required, boolean readOnly) {
  public Property {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  static Property required(String name, ValueKind kind) {
    return new Property(name, kind, true, false);
  }

  static Property optional(String name, ValueKind kind) {
    return new Property(name, kind, false, false);
  }

  static Property computed(String name, ValueKind kind) {
    return new Property(name, kind, false, true);
  }
}
