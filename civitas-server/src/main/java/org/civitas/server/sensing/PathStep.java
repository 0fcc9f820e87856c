package org.civitas.server.sensing;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;

/**
 * One step of a resource path: an entity set ({@code Things}), one entity of it ({@code
 * Things(1)}), or a navigation property followed from the previous step ({@code Datastreams},
 * {@code Datastreams(2)}, {@code Thing}).
 *
 * @param type the entity type this step reaches
 * @param via the navigation property followed from the previous step; empty for the first step
 * @param id the entity id given in parentheses, if any
 */
record PathStep(EntityType type, Optional<Navigation> via, OptionalLong id) {
  PathStep {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(id, "id");
  }

  /** Whether this step reaches exactly one entity: it names an id or follows a to-one link. */
  boolean single() {
    return id.isPresent() || via.map(navigation -> !navigation.many()).orElse(false);
  }

  @Override
  public String toString() {
    String name = via.map(Navigation::name).orElse(type.plural());
    return id.isPresent() ? name + "(" + id.getAsLong() + ")" : name;
  }
}
