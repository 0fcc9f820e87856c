package org.civitas.sensing.query;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.filter.Filter;

/**
 * A query for a set of SensorThings entities: the system query options that storage evaluates.
 * ({@code $expand} joins this record when it lands.)
 *
 * @param type the entity type asked for
 * @param scope the navigation path it is reached by, if any
 * @param orderBy the sort order; the store always adds {@code @iot.id} last so pages are stable
 * @param skip how many entities to pass over ({@code $skip})
 * @param top how many entities to return at most ({@code $top}, already capped by the server)
 * @param count whether to count all entities that match, ignoring skip and top ({@code $count})
 * @param select the properties to return; empty means all
 * @param filter the {@code $filter} the entities must match, if any
 */
public record EntityQuery(
    EntityType type,
    Optional<Scope> scope,
    List<OrderBy> orderBy,
    long skip,
    int top,
    boolean count,
    Set<String> select,
    Optional<Filter> filter) {

  public EntityQuery {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(filter, "filter");
    orderBy = List.copyOf(orderBy);
    select = Set.copyOf(select);
    if (skip < 0) {
      throw new IllegalArgumentException("skip must not be negative, was " + skip);
    }
    if (top < 0) {
      throw new IllegalArgumentException("top must not be negative, was " + top);
    }
  }

  /** A query without a filter. */
  public EntityQuery(
      EntityType type,
      Optional<Scope> scope,
      List<OrderBy> orderBy,
      long skip,
      int top,
      boolean count,
      Set<String> select) {
    this(type, scope, orderBy, skip, top, count, select, Optional.empty());
  }

  /** This query with a filter. */
  public EntityQuery withFilter(Filter filter) {
    return new EntityQuery(type, scope, orderBy, skip, top, count, select, Optional.of(filter));
  }

  /** All entities of a type, in id order, first page of the given size. */
  public static EntityQuery all(EntityType type, int top) {
    return new EntityQuery(type, Optional.empty(), List.of(), 0, top, false, Set.of());
  }
}
