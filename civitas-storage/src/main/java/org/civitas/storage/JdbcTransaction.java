package org.civitas.storage;

import static org.civitas.sensing.model.EntityType.OBSERVATION;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.OrderBy;
import org.civitas.sensing.query.Scope;
import org.civitas.sensing.store.SensingTransaction;
import org.civitas.storage.SensingSchema.Link;
import org.civitas.storage.SensingSchema.PropertyColumns;
import org.civitas.storage.SensingSchema.Table;
import org.civitas.timeseries.ObservationStream;

/**
 * Create, read, update, delete and query of every entity type on one JDBC connection, generated
 * from {@link SensingSchema}. Used inside a transaction ({@link JdbcSensingStore#inTransaction})
 * and, for reads, on an auto-commit connection. Not thread-safe: one per connection.
 */
final class JdbcTransaction implements SensingTransaction {
  private final Connection connection;
  private final Dialect dialect;
  private final ObservationIds observationIds;

  JdbcTransaction(Connection connection, Dialect dialect, ObservationIds observationIds) {
    this.connection = connection;
    this.dialect = dialect;
    this.observationIds = observationIds;
  }

  // ---------------------------------------------------------------------------------------- create

  @Override
  public long create(EntityDraft draft) {
    Table table = SensingSchema.table(draft.type());
    checkValues(table, draft.values(), true);
    checkLinks(table, draft.links(), true);
    try {
      List<PropertyColumns> written = new ArrayList<>();
      List<String> columns = new ArrayList<>();
      for (PropertyColumns property : table.properties()) {
        if (draft.values().containsKey(property.property().name())) {
          written.add(property);
          columns.addAll(property.columns());
        }
      }
      List<Link.OwnColumn> ownLinks = new ArrayList<>();
      for (Map.Entry<Navigation, List<Long>> entry : draft.links().entrySet()) {
        if (table.link(entry.getKey()) instanceof Link.OwnColumn own) {
          ensureExists(own.navigation().target(), entry.getValue().getFirst(), own.navigation());
          ownLinks.add(own);
          columns.add(own.column());
        }
      }
      // Observations take ids from the pooled sequence, like the ingest path; others are IDENTITY.
      boolean pooledId = table.type() == OBSERVATION;
      long id = pooledId ? observationIds.next(connection) : 0;
      if (pooledId) {
        columns.addFirst("id");
      }
      String sql =
          "INSERT INTO "
              + table.name()
              + " ("
              + String.join(", ", columns)
              + ") VALUES ("
              + String.join(", ", Collections.nCopies(columns.size(), "?"))
              + ")";
      try (PreparedStatement insert =
          pooledId
              ? connection.prepareStatement(sql)
              : connection.prepareStatement(sql, new String[] {"id"})) {
        int index = 1;
        if (pooledId) {
          insert.setLong(index++, id);
        }
        for (PropertyColumns property : written) {
          bind(insert, index, property, draft.values().get(property.property().name()));
          index += property.codec().width();
        }
        for (Link.OwnColumn own : ownLinks) {
          insert.setLong(index++, draft.links().get(own.navigation()).getFirst());
        }
        insert.executeUpdate();
        if (!pooledId) {
          try (ResultSet keys = insert.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
      }
      addManyLinks(table, id, draft.links());
      if (table.type() == OBSERVATION) {
        widenStreamTimes(id);
      }
      return id;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "creating a " + table.type().singular());
    }
  }

  // ---------------------------------------------------------------------------------------- update

  @Override
  public void update(long id, EntityDraft changes) {
    Table table = SensingSchema.table(changes.type());
    checkValues(table, changes.values(), false);
    checkLinks(table, changes.links(), false);
    try {
      ensureFound(table, id);
      Optional<ObservationStream> streamBefore =
          table.type() == OBSERVATION ? streamOf(id) : Optional.empty();
      List<PropertyColumns> written = new ArrayList<>();
      List<String> assignments = new ArrayList<>();
      for (PropertyColumns property : table.properties()) {
        if (changes.values().containsKey(property.property().name())) {
          written.add(property);
          property.columns().forEach(column -> assignments.add(column + " = ?"));
        }
      }
      List<Link.OwnColumn> ownLinks = new ArrayList<>();
      for (Map.Entry<Navigation, List<Long>> entry : changes.links().entrySet()) {
        if (table.link(entry.getKey()) instanceof Link.OwnColumn own) {
          ensureExists(own.navigation().target(), entry.getValue().getFirst(), own.navigation());
          ownLinks.add(own);
          assignments.add(own.column() + " = ?");
        }
      }
      if (!assignments.isEmpty()) {
        String sql =
            "UPDATE " + table.name() + " SET " + String.join(", ", assignments) + " WHERE id = ?";
        try (PreparedStatement update = connection.prepareStatement(sql)) {
          int index = 1;
          for (PropertyColumns property : written) {
            bind(update, index, property, changes.values().get(property.property().name()));
            index += property.codec().width();
          }
          for (Link.OwnColumn own : ownLinks) {
            update.setLong(index++, changes.links().get(own.navigation()).getFirst());
          }
          update.setLong(index, id);
          update.executeUpdate();
        }
      }
      addManyLinks(table, id, changes.links());
      if (streamBefore.isPresent()) {
        // The Observation may have moved in time or to another stream: both intervals may shrink.
        StreamTimes.recompute(connection, streamBefore.get());
        Optional<ObservationStream> streamAfter = streamOf(id);
        if (streamAfter.isPresent() && !streamAfter.equals(streamBefore)) {
          StreamTimes.recompute(connection, streamAfter.get());
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "updating " + table.type().singular() + " " + id);
    }
  }

  // ---------------------------------------------------------------------------------------- delete

  @Override
  public void delete(EntityType type, long id) {
    Table table = SensingSchema.table(type);
    try {
      ensureFound(table, id);
      // Foreign keys ON DELETE CASCADE do most of OGC 18-088's cascades; these are the rest.
      List<ObservationStream> touchedStreams = new ArrayList<>();
      List<Long> historicalLocations = List.of();
      switch (type) {
        case OBSERVATION -> streamOf(id).ifPresent(touchedStreams::add);
        case FEATURE_OF_INTEREST -> touchedStreams.addAll(streamsObserving(id));
        case OBSERVED_PROPERTY ->
            // A MultiDatastream cannot lose one of its ObservedProperties: it goes with it.
            execute(
                "DELETE FROM multi_datastream WHERE id IN (SELECT multi_datastream_id FROM"
                    + " multi_datastream_observed_property WHERE observed_property_id = ?)",
                id);
        case LOCATION ->
            historicalLocations =
                longs(
                    "SELECT historical_location_id FROM location_historical_location"
                        + " WHERE location_id = ?",
                    id);
        default -> {}
      }
      execute("DELETE FROM " + table.name() + " WHERE id = ?", id);
      for (ObservationStream stream : touchedStreams) {
        StreamTimes.recompute(connection, stream);
      }
      for (long historicalLocation : historicalLocations) {
        // A HistoricalLocation records where a Thing was; without any Location it says nothing.
        execute(
            "DELETE FROM historical_location WHERE id = ? AND NOT EXISTS (SELECT 1 FROM"
                + " location_historical_location WHERE historical_location_id = ?)",
            historicalLocation,
            historicalLocation);
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "deleting " + type.singular() + " " + id);
    }
  }

  // ------------------------------------------------------------------------------------------ read

  @Override
  public Optional<Entity> find(EntityType type, long id, Set<String> select) {
    Table table = SensingSchema.table(type);
    List<PropertyColumns> selected = selected(table, select);
    String sql = "SELECT " + selectList(selected) + " FROM " + table.name() + " e WHERE e.id = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(read(table, selected, row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading " + type.singular() + " " + id);
    }
  }

  @Override
  public EntityPage query(EntityQuery query) {
    Table table = SensingSchema.table(query.type());
    List<PropertyColumns> selected = selected(table, query.select());
    QuerySql sql = QuerySql.of(dialect, query, selected);
    try {
      if (query.scope().isPresent()) {
        Scope scope = query.scope().get();
        ensureFound(SensingSchema.table(scope.parentType()), scope.parentId());
      }
      List<Entity> entities = new ArrayList<>();
      boolean more = false;
      try (PreparedStatement statement = connection.prepareStatement(sql.page())) {
        int index = bindAll(statement, sql.parameters());
        // One row more than asked tells whether a next page exists without counting.
        statement.setLong(index++, (long) query.top() + 1);
        statement.setLong(index, query.skip());
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            if (entities.size() == query.top()) {
              more = true;
              break;
            }
            entities.add(read(table, selected, row));
          }
        }
      }
      OptionalLong count = OptionalLong.empty();
      if (query.count()) {
        try (PreparedStatement statement = connection.prepareStatement(sql.count())) {
          bindAll(statement, sql.parameters());
          try (ResultSet row = statement.executeQuery()) {
            row.next();
            count = OptionalLong.of(row.getLong(1));
          }
        }
      }
      return new EntityPage(entities, count, more);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "querying " + query.type().plural());
    }
  }

  /**
   * The SQL of one query: {@code page} takes the parameters, then LIMIT and OFFSET; {@code count}
   * the parameters only.
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
  }

  /** The join and WHERE clause restricting {@code e} to the entities a scope reaches. */
  private static String scopeClause(Link link, List<String> order, boolean defaultOrder) {
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
  private static List<String> orderTerms(Table table, List<OrderBy> orderBy) {
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
  private static boolean notNull(Table table, String column) {
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

  private void bind(PreparedStatement statement, int index, PropertyColumns property, Object value)
      throws SQLException {
    try {
      property.codec().bind(statement, index, value, property.property().name());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), property.property().name(), e);
    }
  }

  private static int bindAll(PreparedStatement statement, List<Object> parameters)
      throws SQLException {
    int index = 1;
    for (Object parameter : parameters) {
      statement.setObject(index++, parameter);
    }
    return index;
  }

  private void execute(String sql, long... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }

  private List<Long> longs(String sql, long parameter) throws SQLException {
    List<Long> result = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, parameter);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          result.add(row.getLong(1));
        }
      }
    }
    return result;
  }

  private boolean exists(Table table, long id) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT 1 FROM " + table.name() + " WHERE id = ?")) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next();
      }
    }
  }

  private void ensureFound(Table table, long id) throws SQLException {
    if (!exists(table, id)) {
      throw new NotFoundException(table.type().singular() + " " + id + " does not exist");
    }
  }

  /** A link must name an existing entity; the error names the navigation property. */
  private void ensureExists(EntityType type, long id, Navigation via) throws SQLException {
    if (!exists(SensingSchema.table(type), id)) {
      throw new InvalidInputException(
          via.name() + " refers to " + type.singular() + " " + id + ", which does not exist",
          via.name());
    }
  }

  /** Adds the to-many links of a draft: re-pointed foreign keys and rows of link tables. */
  private void addManyLinks(Table table, long id, Map<Navigation, List<Long>> links)
      throws SQLException {
    for (Map.Entry<Navigation, List<Long>> entry : links.entrySet()) {
      Navigation navigation = entry.getKey();
      switch (table.link(navigation)) {
        case Link.OwnColumn own -> {}
        case Link.TargetColumn target -> {
          for (long targetId : entry.getValue()) {
            ensureExists(navigation.target(), targetId, navigation);
            execute(
                "UPDATE "
                    + SensingSchema.table(navigation.target()).name()
                    + " SET "
                    + target.column()
                    + " = ? WHERE id = ?",
                id,
                targetId);
          }
        }
        case Link.LinkTable pairs -> {
          for (long targetId : entry.getValue()) {
            ensureExists(navigation.target(), targetId, navigation);
            addPair(pairs, id, targetId);
          }
        }
      }
    }
  }

  private void addPair(Link.LinkTable pairs, long ownerId, long targetId) throws SQLException {
    if (pairs.ordinal() == null) {
      // A set: adding a pair that is already there changes nothing.
      execute(
          "INSERT INTO "
              + pairs.table()
              + " ("
              + pairs.ownerColumn()
              + ", "
              + pairs.targetColumn()
              + ") SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
              + pairs.table()
              + " WHERE "
              + pairs.ownerColumn()
              + " = ? AND "
              + pairs.targetColumn()
              + " = ?)",
          ownerId,
          targetId,
          ownerId,
          targetId);
      return;
    }
    // A list: the new member goes to the end.
    long listId = pairs.listColumn().equals(pairs.ownerColumn()) ? ownerId : targetId;
    execute(
        "INSERT INTO "
            + pairs.table()
            + " ("
            + pairs.ownerColumn()
            + ", "
            + pairs.targetColumn()
            + ", "
            + pairs.ordinal()
            + ") SELECT ?, ?, COALESCE(MAX("
            + pairs.ordinal()
            + ") + 1, 0) FROM "
            + pairs.table()
            + " WHERE "
            + pairs.listColumn()
            + " = ?",
        ownerId,
        targetId,
        listId);
  }

  private Optional<ObservationStream> streamOf(long observationId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT datastream_id, multi_datastream_id FROM observation WHERE id = ?")) {
      statement.setLong(1, observationId);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(stream(row)) : Optional.empty();
      }
    }
  }

  private List<ObservationStream> streamsObserving(long featureOfInterestId) throws SQLException {
    List<ObservationStream> streams = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT DISTINCT datastream_id, multi_datastream_id FROM observation"
                + " WHERE feature_of_interest_id = ?")) {
      statement.setLong(1, featureOfInterestId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          streams.add(stream(row));
        }
      }
    }
    return streams;
  }

  private static ObservationStream stream(ResultSet row) throws SQLException {
    long datastream = row.getLong(1);
    return row.wasNull()
        ? new ObservationStream.MultiDatastream(row.getLong(2))
        : new ObservationStream.Datastream(datastream);
  }

  private void widenStreamTimes(long observationId) throws SQLException {
    Optional<ObservationStream> stream = streamOf(observationId);
    if (stream.isPresent()) {
      // Recomputing from the index range is exact and cheap enough for one Observation.
      StreamTimes.recompute(connection, stream.get());
    }
  }

  // --------------------------------------------------------------------------------- validation

  /** Rejects unknown and computed properties, and (on create) missing required ones. */
  private static void checkValues(Table table, Map<String, Object> values, boolean creating) {
    EntityType type = table.type();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      Property property =
          type.property(entry.getKey())
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          type.singular() + " has no property " + entry.getKey(), entry.getKey()));
      if (property.readOnly()) {
        throw new InvalidInputException(
            property.name() + " of a " + type.singular() + " is computed and cannot be set",
            property.name());
      }
      if (property.required() && entry.getValue() == null) {
        throw new InvalidInputException(
            property.name() + " of a " + type.singular() + " is required and cannot be null",
            property.name());
      }
    }
    if (creating) {
      for (Property property : type.properties()) {
        if (property.required() && !values.containsKey(property.name())) {
          throw new InvalidInputException(
              "a " + type.singular() + " needs " + property.name(), property.name());
        }
      }
    }
  }

  /** Links must belong to this type; to-one links name one entity; required ones are present. */
  private static void checkLinks(Table table, Map<Navigation, List<Long>> links, boolean creating) {
    EntityType type = table.type();
    for (Map.Entry<Navigation, List<Long>> entry : links.entrySet()) {
      Navigation navigation = entry.getKey();
      if (navigation.owner() != type) {
        throw new InvalidInputException(
            navigation + " is not a navigation property of a " + type.singular(),
            navigation.name());
      }
      if (!navigation.many() && entry.getValue().size() != 1) {
        throw new InvalidInputException(
            navigation.name() + " links exactly one " + navigation.target().singular(),
            navigation.name());
      }
    }
    if (!creating) {
      return;
    }
    Set<String> present = new LinkedHashSet<>();
    links.forEach((navigation, ids) -> present.add(navigation.name()));
    if (type == OBSERVATION) {
      // The model marks neither as required: an Observation needs exactly one of the two.
      boolean datastream = present.contains("Datastream");
      boolean multi = present.contains("MultiDatastream");
      if (datastream == multi) {
        throw new InvalidInputException(
            "an Observation belongs to exactly one Datastream or MultiDatastream", "Datastream");
      }
    }
    for (Navigation navigation : type.navigations()) {
      if (navigation.required() && !present.contains(navigation.name())) {
        throw new InvalidInputException(
            "a " + type.singular() + " needs " + navigation.name(), navigation.name());
      }
    }
  }
}
