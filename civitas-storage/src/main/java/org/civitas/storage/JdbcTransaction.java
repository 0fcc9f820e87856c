package org.civitas.storage;

import static org.civitas.sensing.model.EntityType.OBSERVATION;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
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
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
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
    DraftChecks.checkValues(table, draft.values(), true);
    DraftChecks.checkLinks(table, draft.links(), true);
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
    DraftChecks.checkValues(table, changes.values(), false);
    DraftChecks.checkLinks(table, changes.links(), false);
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

  @Override
  public void unlinkAll(long id, Navigation navigation) {
    Table table = SensingSchema.table(navigation.owner());
    if (!(table.link(navigation) instanceof Link.LinkTable pairs)) {
      throw new IllegalArgumentException(navigation + " is not a many-to-many navigation");
    }
    try {
      execute("DELETE FROM " + pairs.table() + " WHERE " + pairs.ownerColumn() + " = ?", id);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "unlinking " + navigation + " of " + id);
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
    List<PropertyColumns> selected = QuerySql.selected(table, select);
    String sql =
        "SELECT " + QuerySql.selectList(selected) + " FROM " + table.name() + " e WHERE e.id = ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, id);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(QuerySql.read(table, selected, row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading " + type.singular() + " " + id);
    }
  }

  @Override
  public EntityPage query(EntityQuery query) {
    Table table = SensingSchema.table(query.type());
    List<PropertyColumns> selected = QuerySql.selected(table, query.select());
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
            entities.add(QuerySql.read(table, selected, row));
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
}
