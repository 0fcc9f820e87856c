package org.civitas.sensing.model;

import java.util.Objects;

/**
 * A JSON value kept as its text. The domain passes JSON through without interpreting it
 * (properties, parameters, GeoJSON, a result); the edges that read or write JSON parse and validate
 * it.
 */
public record Json(String text) {
  public Json {
    Objects.requireNonNull(text, "text");
  }

  @Override
  public String toString() {
    return text;
  }
}
