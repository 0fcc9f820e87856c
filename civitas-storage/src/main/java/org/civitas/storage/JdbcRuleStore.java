package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civitas.error.NotFoundException;
import org.civitas.rules.store.LoggedObservation;
import org.civitas.rules.store.PartitionCheckpoint;
import org.civitas.rules.store.RuleStore;
import org.civitas.rules.store.RuleVersion;
import org.civitas.sensing.model.Json;

/**
 * The JDBC {@link RuleStore}, the same code on H2 and PostgreSQL, on the connection pool of the
 * sensing store it was made from (tables of migration V8). Obtain it with {@link Storage#rules}.
 */
final class JdbcRuleStore implements RuleStore {
  private static final String VERSION_COLUMNS =
      "rule_id, version, author, changed_at, deleted, definition";
  private static final String CURRENT_VERSIONS =
      "SELECT v.rule_id, v.version, v.author, v.changed_at, v.deleted, v.definition"
          + " FROM rule_version v JOIN rule r ON r.id = v.rule_id"
          + " AND r.current_version = v.version WHERE NOT r.deleted";

  private final DataSource dataSource;
  private final Dialect dialect;

  JdbcRuleStore(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  @Override
  public RuleVersion create(String author, Json definition, Instant at) {
    return inTransaction(
        "creating a rule",
        connection -> {
          long id;
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO rule (current_version, deleted) VALUES (1, FALSE)",
                  Statement.RETURN_GENERATED_KEYS)) {
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong(1);
            }
          }
          RuleVersion version = new RuleVersion(id, 1, author, at, false, definition);
          insertVersion(connection, version);
          return version;
        });
  }

  @Override
  public RuleVersion update(long id, String author, Json definition, Instant at) {
    return change(id, author, definition, at, false, "updating rule " + id);
  }

  @Override
  public RuleVersion delete(long id, String author, Instant at) {
    return change(id, author, null, at, true, "deleting rule " + id);
  }

  private RuleVersion change(
      long id, String author, Json definition, Instant at, boolean delete, String action) {
    return inTransaction(
        action,
        connection -> {
          // FOR UPDATE: two concurrent changes of one rule get consecutive versions.
          int currentVersion;
          try (PreparedStatement lock =
              connection.prepareStatement(
                  "SELECT current_version FROM rule WHERE id = ? AND NOT deleted FOR UPDATE")) {
            lock.setLong(1, id);
            try (ResultSet row = lock.executeQuery()) {
              if (!row.next()) {
                throw new NotFoundException("there is no rule with id " + id);
              }
              currentVersion = row.getInt(1);
            }
          }
          RuleVersion current;
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + VERSION_COLUMNS
                      + " FROM rule_version WHERE rule_id = ? AND version = ?")) {
            select.setLong(1, id);
            select.setInt(2, currentVersion);
            current = read(select).getFirst();
          }
          RuleVersion next =
              new RuleVersion(
                  id,
                  current.version() + 1,
                  author,
                  at,
                  delete,
                  delete ? current.definition() : definition);
          insertVersion(connection, next);
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE rule SET current_version = ?, deleted = ? WHERE id = ?")) {
            update.setInt(1, next.version());
            update.setBoolean(2, delete);
            update.setLong(3, id);
            update.executeUpdate();
          }
          return next;
        });
  }

  private static void insertVersion(Connection connection, RuleVersion version)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO rule_version (" + VERSION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, version.id());
      insert.setInt(2, version.version());
      insert.setString(3, version.author());
      ValueCodec.bindInstant(insert, 4, version.changedAt());
      insert.setBoolean(5, version.deleted());
      insert.setString(6, version.definition().text());
      insert.executeUpdate();
    }
  }

  @Override
  public Optional<RuleVersion> find(long id) {
    return query(CURRENT_VERSIONS + " AND r.id = ?", id).stream().findFirst();
  }

  @Override
  public List<RuleVersion> list() {
    return query(CURRENT_VERSIONS + " ORDER BY r.id", null);
  }

  @Override
  public List<RuleVersion> history(long id) {
    return query(
        "SELECT " + VERSION_COLUMNS + " FROM rule_version WHERE rule_id = ? ORDER BY version", id);
  }

  private List<RuleVersion> query(String sql, Long id) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (id != null) {
        select.setLong(1, id);
      }
      return read(select);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading rules");
    }
  }

  private static List<RuleVersion> read(PreparedStatement select) throws SQLException {
    List<RuleVersion> versions = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        versions.add(
            new RuleVersion(
                row.getLong(1),
                row.getInt(2),
                row.getString(3),
                ValueCodec.readInstant(row, 4),
                row.getBoolean(5),
                new Json(row.getString(6))));
      }
    }
    return versions;
  }

  @Override
  public Optional<PartitionCheckpoint> checkpoint(int partition) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT last_observation_id, state, saved_at FROM rule_partition_state"
                    + " WHERE partition_no = ?")) {
      select.setInt(1, partition);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new PartitionCheckpoint(
                partition,
                row.getLong(1),
                new Json(row.getString(2)),
                ValueCodec.readInstant(row, 3)));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the rule state of partition " + partition);
    }
  }

  @Override
  public void saveCheckpoint(PartitionCheckpoint checkpoint) {
    inTransaction(
        "saving the rule state of partition " + checkpoint.partition(),
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE rule_partition_state SET last_observation_id = ?, state = ?,"
                      + " saved_at = ? WHERE partition_no = ?")) {
            update.setLong(1, checkpoint.lastObservationId());
            update.setString(2, checkpoint.state().text());
            ValueCodec.bindInstant(update, 3, checkpoint.savedAt());
            update.setInt(4, checkpoint.partition());
            if (update.executeUpdate() == 1) {
              return null;
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO rule_partition_state"
                      + " (partition_no, last_observation_id, state, saved_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, checkpoint.partition());
            insert.setLong(2, checkpoint.lastObservationId());
            insert.setString(3, checkpoint.state().text());
            ValueCodec.bindInstant(insert, 4, checkpoint.savedAt());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public boolean acquireLease(int partition, String owner, Instant now, Duration ttl) {
    Instant until = now.plus(ttl);
    try (Connection connection = dataSource.getConnection()) {
      // One conditional UPDATE is atomic on both engines: of two nodes racing for an expired
      // lease, the second finds the row no longer matching once the first committed.
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE rule_partition_lease SET owner = ?, expires_at = ?"
                  + " WHERE partition_no = ? AND (owner = ? OR expires_at < ?)")) {
        update.setString(1, owner);
        ValueCodec.bindInstant(update, 2, until);
        update.setInt(3, partition);
        update.setString(4, owner);
        ValueCodec.bindInstant(update, 5, now);
        if (update.executeUpdate() == 1) {
          return true;
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO rule_partition_lease (partition_no, owner, expires_at)"
                  + " SELECT ?, ?, ? WHERE NOT EXISTS"
                  + " (SELECT 1 FROM rule_partition_lease WHERE partition_no = ?)")) {
        insert.setInt(1, partition);
        insert.setString(2, owner);
        ValueCodec.bindInstant(insert, 3, until);
        insert.setInt(4, partition);
        return insert.executeUpdate() == 1;
      } catch (SQLException e) {
        if ("23505".equals(e.getSQLState())) {
          // Another node inserted the row first: it holds the lease.
          return false;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "taking the lease of rule partition " + partition);
    }
  }

  @Override
  public void releaseLease(int partition, String owner) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM rule_partition_lease WHERE partition_no = ? AND owner = ?")) {
      delete.setInt(1, partition);
      delete.setString(2, owner);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "releasing the lease of rule partition " + partition);
    }
  }

  @Override
  public List<LoggedObservation> observationsAfter(
      int partition, int partitions, long afterId, int limit) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id, datastream_id, phenomenon_time_start, result_number, result_json"
                    + " FROM observation WHERE id > ? AND datastream_id IS NOT NULL"
                    + " AND MOD(datastream_id, ?) = ? ORDER BY id LIMIT ?")) {
      select.setLong(1, afterId);
      select.setInt(2, partitions);
      select.setInt(3, partition);
      select.setInt(4, limit);
      List<LoggedObservation> observations = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          double number = row.getDouble(4);
          boolean numeric = !row.wasNull();
          observations.add(
              new LoggedObservation(
                  row.getLong(1),
                  row.getLong(2),
                  ValueCodec.readInstant(row, 3),
                  numeric ? number : Double.NaN,
                  numeric ? null : row.getString(5)));
        }
      }
      return observations;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading observations after " + afterId);
    }
  }

  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T inTransaction(String action, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      dialect.makeDurable(connection);
      return result;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, action);
    }
  }
}
