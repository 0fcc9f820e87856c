package org.civitas.server.sensing;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.OrderBy;
import org.civitas.sensing.query.filter.Filter;

/**
 * The system query options of one request, parsed and checked against the entity type asked for.
 *
 * @param top the page size the client asked for, if it did
 * @param skip how many entities to pass over
 * @param count whether to include {@code @iot.count}
 * @param orderBy the sort terms in the order given
 * @param select the names to return ({@code id}, properties, navigation properties); empty for all
 * @param expand the navigation properties to write inline ({@code $expand}), with their own options
 * @param dataArray whether Observations are answered in the compact {@code dataArray} form ({@code
 *     $resultFormat=dataArray})
 * @param filter the {@code $filter} the entities must match, parsed and checked, if any
 */
record QueryOptions(
    OptionalInt top,
    long skip,
    boolean count,
    List<OrderBy> orderBy,
    Set<String> select,
    List<ExpandOption> expand,
    boolean dataArray,
    Optional<Filter> filter) {

  static final QueryOptions NONE =
      new QueryOptions(OptionalInt.empty(), 0, false, List.of(), Set.of());

  QueryOptions {
    Objects.requireNonNull(top, "top");
    orderBy = List.copyOf(orderBy);
    select = Set.copyOf(select);
    expand = List.copyOf(expand);
    Objects.requireNonNull(filter, "filter");
  }

  /** Options without expansions or a result format. */
  QueryOptions(
      OptionalInt top, long skip, boolean count, List<OrderBy> orderBy, Set<String> select) {
    this(top, skip, count, orderBy, select, List.of(), false, Optional.empty());
  }

  QueryOptions withExpand(List<ExpandOption> expansions) {
    return new QueryOptions(top, skip, count, orderBy, select, expansions, dataArray, filter);
  }

  QueryOptions withDataArray(boolean compact) {
    return new QueryOptions(top, skip, count, orderBy, select, expand, compact, filter);
  }

  QueryOptions withFilter(Optional<Filter> condition) {
    return new QueryOptions(top, skip, count, orderBy, select, expand, dataArray, condition);
  }

  /** The query restricted by this request's {@code $filter}, if it has one. */
  EntityQuery filtered(EntityQuery query) {
    return filter.map(query::withFilter).orElse(query);
  }

  /**
   * The page size to use: the client's {@code $top} or the default, never more than the maximum.
   */
  int effectiveTop(int defaultTop, int maxTop) {
    return Math.min(top.orElse(defaultTop), maxTop);
  }

  /** Whether a name ({@code id}, a property or a navigation property) is to be written out. */
  boolean selects(String name) {
    return select.isEmpty() || select.contains(name);
  }
}
