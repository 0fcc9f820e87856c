package org.civitas.sensing.query;

import java.util.Objects;

/** One {@code $orderby} term: a property of the queried entity type and a direction. */
public record OrderBy(String property, boolean descending) {
  public OrderBy {
    Objects.requireNonNull(property, "property");
  }
}
