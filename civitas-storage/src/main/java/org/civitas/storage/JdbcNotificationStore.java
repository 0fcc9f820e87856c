package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.rules.notify.store.Delivery;
import org.civitas.rules.notify.store.DeliveryAttempt;
import org.civitas.rules.notify.store.DeliveryState;
import org.civitas.rules.notify.store.NotificationStore;
import org.civitas.sensing.model.Json;

/**
 * The JDBC {@link NotificationStore} on the pool of the sensing store it was made from (tables of
 * migration V9). Obtain it with {@link Storage#notifications}.
 */
final class JdbcNotificationStore implements NotificationStore {
  private static final String COLUMNS =
      "id, channel, alarm_id, event, payload, state, created_at, next_at";

  private final JdbcWork jdbc;

  JdbcNotificationStore(DataSource dataSource, Dialect dialect) {
    this.jdbc = new JdbcWork(dataSource, dialect);
  }

  @Override
  public void saveChannel(String name, Json definition) {
    jdbc.write(
        "saving a notification channel",
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE notification_channel SET definition = ? WHERE name = ?")) {
            update.setString(1, definition.text());
            update.setString(2, name);
            if (update.executeUpdate() == 1) {
              return null;
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO notification_channel (name, definition) VALUES (?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, definition.text());
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<Json> findChannel(String name) {
    return jdbc.read(
        "reading a notification channel",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT definition FROM notification_channel WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.of(new Json(row.getString(1))) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<Json> channels() {
    return jdbc.read(
        "listing notification channels",
        connection -> {
          List<Json> channels = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT definition FROM notification_channel ORDER BY name");
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              channels.add(new Json(row.getString(1)));
            }
          }
          return channels;
        });
  }

  @Override
  public boolean deleteChannel(String name) {
    return jdbc.write(
        "deleting a notification channel",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM notification_channel WHERE name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Delivery enqueue(
      String channel, long alarmId, String event, Json payload, Instant createdAt, Instant dueAt) {
    return jdbc.write(
        "queueing a notification",
        connection -> {
          try (PreparedStatement exists =
              connection.prepareStatement("SELECT 1 FROM notification_channel WHERE name = ?")) {
            exists.setString(1, channel);
            try (ResultSet row = exists.executeQuery()) {
              if (!row.next()) {
                throw new InvalidInputException(
                    "there is no notification channel named " + channel, "channel");
              }
            }
          }
          long id;
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO notification_delivery (channel, alarm_id, event, payload, state,"
                      + " created_at, next_at) VALUES (?, ?, ?, ?, 'PENDING', ?, ?)",
                  new String[] {"id"})) {
            insert.setString(1, channel);
            insert.setLong(2, alarmId);
            insert.setString(3, event);
            insert.setString(4, payload.text());
            ValueCodec.bindInstant(insert, 5, createdAt);
            ValueCodec.bindInstant(insert, 6, dueAt);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong(1);
            }
          }
          return find(connection, id).orElseThrow();
        });
  }

  @Override
  public List<Delivery> due(Instant now, int limit) {
    return jdbc.read(
        "reading due notifications",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM notification_delivery WHERE state = 'PENDING' AND next_at <= ?"
                      + " ORDER BY next_at, id LIMIT ?")) {
            ValueCodec.bindInstant(select, 1, now);
            select.setInt(2, limit);
            return readAll(connection, select);
          }
        });
  }

  @Override
  public Optional<Delivery> findDelivery(long id) {
    return jdbc.read("reading a notification", connection -> find(connection, id));
  }

  @Override
  public List<Delivery> deliveries(String channel, DeliveryState state, int skip, int top) {
    return jdbc.read(
        "listing notifications",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM notification_delivery WHERE channel = ?"
                      + (state == null ? "" : " AND state = ?")
                      + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
            int i = 1;
            select.setString(i++, channel);
            if (state != null) {
              select.setString(i++, state.name());
            }
            select.setInt(i++, top);
            select.setInt(i, skip);
            return readAll(connection, select);
          }
        });
  }

  @Override
  public Delivery recordAttempt(long id, DeliveryAttempt attempt, Instant nextAt) {
    return jdbc.write(
        "recording a notification attempt",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO notification_attempt (delivery_id, attempt_no, attempted_at,"
                      + " succeeded, outcome) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setInt(2, attempt.number());
            ValueCodec.bindInstant(insert, 3, attempt.at());
            insert.setBoolean(4, attempt.succeeded());
            insert.setString(5, attempt.outcome());
            insert.executeUpdate();
          }
          DeliveryState state =
              attempt.succeeded()
                  ? DeliveryState.DELIVERED
                  : nextAt == null ? DeliveryState.DEAD : DeliveryState.PENDING;
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE notification_delivery SET state = ?, next_at = ? WHERE id = ?")) {
            update.setString(1, state.name());
            ValueCodec.bindInstant(update, 2, nextAt == null ? attempt.at() : nextAt);
            update.setLong(3, id);
            update.executeUpdate();
          }
          return find(connection, id).orElseThrow();
        });
  }

  @Override
  public Delivery retry(long id, Instant at) {
    return jdbc.write(
        "retrying a notification",
        connection -> {
          Delivery delivery =
              find(connection, id)
                  .orElseThrow(() -> new NotFoundException("there is no delivery " + id));
          if (delivery.state() == DeliveryState.DELIVERED) {
            throw new ConflictException(
                "delivery "
                    + id
                    + " is "
                    + delivery.state().name().toLowerCase(Locale.ROOT)
                    + "; only pending or dead deliveries can be retried",
                "state");
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE notification_delivery SET state = 'PENDING', next_at = ? WHERE id = ?")) {
            ValueCodec.bindInstant(update, 1, at);
            update.setLong(2, id);
            update.executeUpdate();
          }
          return find(connection, id).orElseThrow();
        });
  }

  private Optional<Delivery> find(Connection connection, long id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT " + COLUMNS + " FROM notification_delivery WHERE id = ?")) {
      select.setLong(1, id);
      return readAll(connection, select).stream().findFirst();
    }
  }

  private List<Delivery> readAll(Connection connection, PreparedStatement select)
      throws SQLException {
    List<Delivery> rows = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        rows.add(
            new Delivery(
                row.getLong(1),
                row.getString(2),
                row.getLong(3),
                row.getString(4),
                new Json(row.getString(5)),
                DeliveryState.valueOf(row.getString(6)),
                ValueCodec.readInstant(row, 7),
                ValueCodec.readInstant(row, 8),
                List.of()));
      }
    }
    List<Delivery> result = new ArrayList<>(rows.size());
    try (PreparedStatement attempts =
        connection.prepareStatement(
            "SELECT attempt_no, attempted_at, succeeded, outcome FROM notification_attempt"
                + " WHERE delivery_id = ? ORDER BY attempt_no")) {
      for (Delivery delivery : rows) {
        attempts.setLong(1, delivery.id());
        List<DeliveryAttempt> log = new ArrayList<>();
        try (ResultSet row = attempts.executeQuery()) {
          while (row.next()) {
            log.add(
                new DeliveryAttempt(
                    row.getInt(1),
                    ValueCodec.readInstant(row, 2),
                    row.getBoolean(3),
                    row.getString(4)));
          }
        }
        result.add(
            new Delivery(
                delivery.id(),
                delivery.channel(),
                delivery.alarmId(),
                delivery.event(),
                delivery.payload(),
                delivery.state(),
                delivery.createdAt(),
                delivery.nextAt(),
                log));
      }
    }
    return result;
  }
}
