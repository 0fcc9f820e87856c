package org.civitas.sensing.query;

import java.util.Objects;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;

/**
 * Restricts a query to the entities reached from one entity through a navigation property: the
 * {@code Datastreams(7)/Observations} of a URL is {@code Scope(DATASTREAM, 7,
 * Datastream/Observations)}.
 */
public record Scope(long parentId, Navigation navigation) {
  public Scope {
    Objects.requireNonNull(navigation, "navigation");
  }

  public EntityType parentType() {
    return navigation.owner();
  }
}
