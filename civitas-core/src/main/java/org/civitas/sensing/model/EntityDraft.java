package org.civitas.sensing.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a create or update asks to store: property values (as in {@link Entity}) and links to
 * existing entities by navigation property. For an update, only the properties and links present
 * are changed; a property mapped to {@code null} is cleared.
 */
public record EntityDraft(
    EntityType type, Map<String, Object> values, Map<Navigation, List<Long>> links) {
  public EntityDraft {
    Objects.requireNonNull(type, "type");
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    Map<Navigation, List<Long>> copy = new LinkedHashMap<>();
    links.forEach((navigation, ids) -> copy.put(navigation, List.copyOf(ids)));
    links = Collections.unmodifiableMap(copy);
  }
}
