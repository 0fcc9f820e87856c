package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.civitas.error.NotFoundException;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.classes.store.DatastreamPolicyStore;
import org.civitas.governance.identity.Department;

/**
 * The JDBC {@link DatastreamPolicyStore}, the same code on H2 and PostgreSQL, on the connection
 * pool of the sensing store it was made from (table of migration V13). Obtain it with {@link
 * Storage#datastreamPolicies}.
 */
final class JdbcDatastreamPolicyStore implements DatastreamPolicyStore {

  private static final String COLUMNS =
      "datastream_id, data_class, department, purposes, retention_seconds, technology, subject,"
          + " consent_required, active";

  private final JdbcWork work;

  JdbcDatastreamPolicyStore(DataSource dataSource, Dialect dialect) {
    this.work = new JdbcWork(dataSource, dialect);
  }

  @Override
  public void put(DatastreamPolicy policy) {
    work.write(
        "storing the policy of Datastream " + policy.datastreamId(),
        connection -> {
          if (!datastreamExists(connection, policy.datastreamId())) {
            throw new NotFoundException("no Datastream with id " + policy.datastreamId(), "id");
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE datastream_policy SET data_class = ?, department = ?, purposes = ?,"
                      + " retention_seconds = ?, technology = ?, subject = ?,"
                      + " consent_required = ?, active = ? WHERE datastream_id = ?")) {
            bind(update, policy, 1);
            update.setLong(9, policy.datastreamId());
            if (update.executeUpdate() == 1) {
              return null;
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO datastream_policy ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, policy.datastreamId());
            bind(insert, policy, 2);
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<DatastreamPolicy> find(long datastreamId) {
    return work.read(
        "reading the policy of Datastream " + datastreamId,
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM datastream_policy WHERE datastream_id = ?")) {
            select.setLong(1, datastreamId);
            List<DatastreamPolicy> found = read(select);
            return found.stream().findFirst();
          }
        });
  }

  @Override
  public List<DatastreamPolicy> all() {
    return work.read(
        "reading the Datastream policies",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM datastream_policy ORDER BY datastream_id")) {
            return read(select);
          }
        });
  }

  private static boolean datastreamExists(Connection connection, long id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM datastream WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  /** Binds every column but the id, from parameter {@code first} on. */
  private static void bind(PreparedStatement statement, DatastreamPolicy policy, int first)
      throws SQLException {
    statement.setString(first, policy.dataClass().wireName());
    setText(statement, first + 1, policy.department().map(Department::wireName));
    statement.setString(first + 2, String.join(",", new TreeSet<>(policy.purposes())));
    if (policy.retention().isPresent()) {
      statement.setLong(first + 3, policy.retention().get().toSeconds());
    } else {
      statement.setNull(first + 3, Types.BIGINT);
    }
    setText(statement, first + 4, policy.technology());
    setText(statement, first + 5, policy.subject());
    statement.setBoolean(first + 6, policy.consentRequired());
    statement.setBoolean(first + 7, policy.active());
  }

  private static void setText(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  private static List<DatastreamPolicy> read(PreparedStatement select) throws SQLException {
    List<DatastreamPolicy> policies = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        long retention = row.getLong(5);
        Optional<Duration> retained =
            row.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(retention));
        String purposes = row.getString(4);
        Set<String> ids =
            purposes.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(purposes.split(",")));
        policies.add(
            new DatastreamPolicy(
                row.getLong(1),
                DataClass.fromWire(row.getString(2)).orElseThrow(),
                Optional.ofNullable(row.getString(3)).flatMap(Department::fromWire),
                ids,
                retained,
                Optional.ofNullable(row.getString(6)),
                Optional.ofNullable(row.getString(7)),
                row.getBoolean(8),
                row.getBoolean(9)));
      }
    }
    return policies;
  }
}
