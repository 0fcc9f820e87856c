package org.civitas.sensing.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A stored SensorThings entity as read back: its type, its {@code @iot.id} and the values of the
 * properties that were selected. Values are {@link String} for {@link ValueKind#TEXT}, {@link Json}
 * for {@link ValueKind#JSON} and {@link ValueKind#GEOMETRY}, and {@link TimeValue} for the time
 * kinds; a property that is selected but has no value maps to {@code null}.
 */
public record Entity(EntityType type, long id, Map<String, Object> values) {
  public Entity {
    Objects.requireNonNull(type, "type");
    // LinkedHashMap keeps the specification's order of properties and allows null values.
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Object value(String property) {
    return values.get(property);
  }
}
