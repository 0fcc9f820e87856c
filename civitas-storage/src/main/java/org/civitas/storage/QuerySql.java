package org.civitas.storage;

import static org.civitas.sensing.model.EntityType.OBSERVATION;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.OrderBy;
import org.civitas.sensing.query.Scope;
import org.civitas.storage.SensingSchema.Link;
import org.civitas.storage.SensingSchema.PropertyColumns;
import org.civitas.storage.SensingSchema.Table;

/**
 * The SQL of one {@link EntityQuery}, generated from {@link SensingSchema}: {@code page} takes the
 * parameters, then LIMIT and OFFSET; {@code count} the parameters only.
 */
record QuerySql(String page, String count, List<Object> parameters) {
  static QuerySql of(Dialect dialect, EntityQuery query, List<PropertyColumns> selected) {
    Table table = SensingSchema.table(query.type());
    List<String> order = orderTerms(table, query.orderBy());
    List<Object> parameters = new ArrayList<>();
    String from = " FROM " + table.name() + " e";
    if (query.scope().isPresent()) {
      Scope scope = query.scope().get();
      if (scope.navigation().target() != query.type()) {
        throw new IllegalArgumentException(
            "scope " + scope.navigation() + " does not lead to " + query.type().plural());
      }
      Link link = SensingSchema.table(scope.parentType()).link(scope.navigation());
      if (link instanceof Link.TargetColumn target && query.type() == OBSERVATION) {
        Optional<String> timeIndex = SensingSchema.observationTimeIndex(target.column());
        from += timeIndex.map(dialect::useIndex).orElse("");
        if (timeIndex.isPresent() && order.isEmpty()) {
          // A stream's Observations are a time series: by default in time order, which the
          // (stream, time, id) index yields directly; id order would sort the whole stream.
          order.add("e.phenomenon_time_start");
        }
      }
      from += scopeClause(link, order, query.orderBy().isEmpty());
      parameters.add(scope.parentId());
    } else if (query.type() == OBSERVATION && query.filter().isPresent()) {
      Optional<String> stream = FilterSql.pinnedStream(query.filter().get());
      if (stream.isPresent()) {
        // Observations?$filter=Datastream/id eq 7 and ...: the same stream, read the same way as
        // Datastreams(7)/Observations (see scopeClause); ordering by id would sort the stream.
        from += SensingSchema.observationTimeIndex(stream.get()).map(dialect::useIndex).orElse("");
        if (order.isEmpty()) {
          order.add("e.phenomenon_time_start");
        }
        order.addFirst("e." + stream.get() + (order.getFirst().contains(" DESC") ? " DESC" : ""));
      }
    }
    if (query.filter().isPresent()) {
      // Every scope clause ends in a WHERE condition; the filter is one more.
      SqlFragment filter = FilterSql.condition(dialect, query.filter().get());
      from += (query.scope().isPresent() ? " AND " : " WHERE ") + filter.sql();
      parameters.addAll(filter.parameters());
    }
    // The id breaks ties, in the direction of the last term so that one index can serve all.
    boolean descending = !order.isEmpty() && order.getLast().contains(" DESC");
    order.add(descending ? "e.id DESC" : "e.id");
    String page =
        "SELECT "
            + selectList(selected)
            + from
            + " ORDER BY "
            + String.join(", ", order)
            + " LIMIT ? OFFSET ?";
    return new QuerySql(page, "SELECT COUNT(*)" + from, List.copyOf(parameters));
  }

  /** The join and WHERE clause restricting {@code e} to the entities a scope reaches. */
  static String scopeClause(Link link, List<String> order, boolean defaultOrder) {
    return switch (link) {
      case Link.OwnColumn own ->
          // Datastreams(7)/Thing: the one entity the parent's foreign key names.
          " WHERE e.id = (SELECT p."
              + own.column()
              + " FROM "
              + SensingSchema.table(own.navigation().owner()).name()
              + " p WHERE p.id = ?)";
      case Link.TargetColumn target -> {
        // Things(1)/Datastreams: the entities whose foreign key names the parent. The key is
        // constant here, so leading the order with it changes nothing, but it lets H2 see that
        // an index on (key, time, id) is already in order: Datastreams(7)/Observations by time
        // is then read from the index instead of sorting every Observation of the Datastream.
        if (!order.isEmpty()) {
          order.addFirst(
              "e." + target.column() + (order.getFirst().contains(" DESC") ? " DESC" : ""));
        }
        yield " WHERE e." + target.column() + " = ?";
      }
      case Link.LinkTable pairs -> {
        if (defaultOrder && pairs.ownerHoldsList()) {
          order.add("l." + pairs.ordinal());
        }
        yield " JOIN "
            + pairs.table()
            + " l ON l."
            + pairs.targetColumn()
            + " = e.id WHERE l."
            + pairs.ownerColumn()
            + " = ?";
      }
    };
  }

  // ---------------------------------------------------------------------------------- helpers: SQL

  static String selectList(List<PropertyColumns> selected) {
    StringBuilder sql = new StringBuilder("e.id");
    for (PropertyColumns property : selected) {
      for (String column : property.columns()) {
        sql.append(", e.").append(column);
      }
    }
    return sql.toString();
  }

  /** Reads an entity from a row selected with {@link #selectList}. */
  static Entity read(Table table, List<PropertyColumns> selected, ResultSet row)
      throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    int index = 2;
    for (PropertyColumns property : selected) {
      values.put(property.property().name(), property.codec().read(row, index));
      index += property.codec().width();
    }
    return new Entity(table.type(), row.getLong(1), values);
  }

  /** The properties a {@code $select} asks for, in the specification's order; all when empty. */
  static List<PropertyColumns> selected(Table table, Set<String> select) {
    if (select.isEmpty()) {
      return table.properties();
    }
    for (String name : select) {
      boolean known =
          table.property(name).isPresent()
              || table.type().navigation(name).isPresent()
              || name.equals("id")
              || name.equals("@iot.id");
      if (!known) {
        throw new InvalidInputException(
            table.type().singular() + " has no property " + name + " to select", "$select");
      }
    }
    return table.properties().stream().filter(p -> select.contains(p.property().name())).toList();
  }

  /**
   * The ORDER BY terms for {@code $orderby}: times by their start, a result by its number then its
   * text. Nulls come first ascending and last descending, as OData orders them.
   */
  static List<String> orderTerms(Table table, List<OrderBy> orderBy) {
    List<String> terms = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (OrderBy term : orderBy) {
      List<String> columns;
      if (term.property().equals("id") || term.property().equals("@iot.id")) {
        columns = List.of("id");
      } else {
        PropertyColumns property =
            table
                .property(term.property())
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            table.type().singular()
                                + " has no property "
                                + term.property()
                                + " to order by",
                            "$orderby"));
        columns =
            property.codec() == ValueCodec.RESULT
                ? property.columns()
                : List.of(property.sortColumn());
      }
      // A column that cannot be null gets no NULLS clause: PostgreSQL uses an index for ORDER BY
      // only when the null ordering matches the index's, whatever the column's constraints.
      boolean nullable = columns.size() > 1 || !notNull(table, columns.getFirst());
      for (String column : columns) {
        if (seen.add(column)) {
          String direction = term.descending() ? " DESC" : " ASC";
          terms.add(
              "e."
                  + column
                  + direction
                  + (!nullable ? "" : term.descending() ? " NULLS LAST" : " NULLS FIRST"));
        }
      }
    }
    return terms;
  }

  /** Whether the migration declares the column NOT NULL: id and required, settable properties. */
  static boolean notNull(Table table, String column) {
    if (column.equals("id")) {
      return true;
    }
    return table.properties().stream()
        .anyMatch(
            p ->
                p.property().required()
                    && !p.property().readOnly()
                    && p.codec() != ValueCodec.RESULT
                    && p.columns().getFirst().equals(column));
  }
}
