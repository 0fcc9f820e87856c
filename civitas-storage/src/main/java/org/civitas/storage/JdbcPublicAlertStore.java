package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.civitas.error.ConflictException;
import org.civitas.rules.cap.store.PublicAlertStore;
import org.civitas.rules.cap.store.StoredAlertMessage;
import org.civitas.sensing.model.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC {@link PublicAlertStore}, the same code on H2 and PostgreSQL, on the connection pool of
 * the sensing store it was made from (table of migration V10). Obtain it with {@link
 * Storage#publicAlerts}.
 */
final class JdbcPublicAlertStore implements PublicAlertStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcPublicAlertStore.class);

  private static final String COLUMNS =
      "identifier, chain_id, position, msg_type, sent, expires, origin, outcome_key, xml, summary";

  private final DataSource dataSource;
  private final Dialect dialect;

  JdbcPublicAlertStore(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  @Override
  public boolean append(StoredAlertMessage message) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO public_alert (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        if (message.outcomeKey() != null && outcomeStored(connection, message.outcomeKey())) {
          connection.rollback();
          return false;
        }
        insert.setString(1, message.identifier());
        insert.setString(2, message.chain());
        insert.setInt(3, message.position());
        insert.setString(4, message.msgType());
        ValueCodec.bindInstant(insert, 5, message.sent());
        ValueCodec.bindInstant(insert, 6, message.expires());
        setNullable(insert, 7, message.origin());
        setNullable(insert, 8, message.outcomeKey());
        insert.setString(9, message.xml());
        insert.setString(10, message.summary().text());
        insert.executeUpdate();
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        if ("23505".equals(e.getSQLState())) {
          // A replay racing the first delivery of its outcome stores nothing, as promised.
          if (message.outcomeKey() != null && hasOutcome(message.outcomeKey())) {
            return false;
          }
          throw new ConflictException(
              "the alert chain "
                  + message.chain()
                  + " already has a message at position "
                  + message.position()
                  + ", or the identifier "
                  + message.identifier()
                  + " is taken; read the chain again",
              null);
        }
        throw e;
      } catch (RuntimeException e) {
        connection.rollback();
        throw e;
      }
      try {
        dialect.makeDurable(connection);
      } catch (SQLException e) {
        log.error("syncing the committed public alert to disk failed; it is committed", e);
      }
      return true;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "storing a public alert message");
    }
  }

  private static boolean outcomeStored(Connection connection, String outcomeKey)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT 1 FROM public_alert WHERE outcome_key = ?")) {
      select.setString(1, outcomeKey);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static void setNullable(PreparedStatement statement, int index, String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  @Override
  public Optional<StoredAlertMessage> find(String identifier) {
    return select("SELECT " + COLUMNS + " FROM public_alert WHERE identifier = ?", identifier)
        .stream()
        .findFirst();
  }

  @Override
  public List<StoredAlertMessage> chain(String chain) {
    return select(
        "SELECT " + COLUMNS + " FROM public_alert WHERE chain_id = ? ORDER BY position", chain);
  }

  @Override
  public Optional<StoredAlertMessage> latestOfOrigin(String origin) {
    return select(
            "SELECT "
                + COLUMNS
                + " FROM public_alert WHERE origin = ? ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY",
            origin)
        .stream()
        .findFirst();
  }

  @Override
  public boolean hasOutcome(String outcomeKey) {
    try (Connection connection = dataSource.getConnection()) {
      return outcomeStored(connection, outcomeKey);
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading public alert messages");
    }
  }

  @Override
  public List<StoredAlertMessage> current(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a limit is 1 or more, was " + limit);
    }
    return select(
        "SELECT "
            + COLUMNS
            + " FROM public_alert a WHERE a.position ="
            + " (SELECT MAX(b.position) FROM public_alert b WHERE b.chain_id = a.chain_id)"
            + " ORDER BY a.seq DESC FETCH FIRST "
            + limit
            + " ROWS ONLY",
        null);
  }

  private List<StoredAlertMessage> select(String sql, String parameter) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement(sql)) {
      if (parameter != null) {
        select.setString(1, parameter);
      }
      List<StoredAlertMessage> messages = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          messages.add(
              new StoredAlertMessage(
                  row.getString(1),
                  row.getString(2),
                  row.getInt(3),
                  row.getString(4),
                  ValueCodec.readInstant(row, 5),
                  ValueCodec.readInstant(row, 6),
                  row.getString(7),
                  row.getString(8),
                  row.getString(9),
                  new Json(row.getString(10))));
        }
      }
      return messages;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading public alert messages");
    }
  }
}
