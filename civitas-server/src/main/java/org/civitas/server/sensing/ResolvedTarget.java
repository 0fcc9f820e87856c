package org.civitas.server.sensing;

import java.util.Optional;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.Scope;

/** What a resource path leads to once every step has been checked against storage. */
sealed interface ResolvedTarget {

  EntityType type();

  /** One existing entity. */
  record One(EntityType type, long id) implements ResolvedTarget {}

  /** A set of entities: a whole entity set, or those linked to one entity by a navigation. */
  record Many(EntityType type, Optional<Scope> scope) implements ResolvedTarget {}
}
