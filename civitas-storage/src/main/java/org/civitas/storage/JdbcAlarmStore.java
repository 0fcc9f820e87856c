package org.civitas.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.civitas.error.ConflictException;
import org.civitas.error.NotFoundException;
import org.civitas.rules.alarm.store.Alarm;
import org.civitas.rules.alarm.store.AlarmChange;
import org.civitas.rules.alarm.store.AlarmComment;
import org.civitas.rules.alarm.store.AlarmQuery;
import org.civitas.rules.alarm.store.AlarmRaise;
import org.civitas.rules.alarm.store.AlarmSeverity;
import org.civitas.rules.alarm.store.AlarmState;
import org.civitas.rules.alarm.store.AlarmStore;
import org.civitas.sensing.model.Json;

/**
 * The JDBC {@link AlarmStore}, the same code on H2 and PostgreSQL, on the pool of the sensing store
 * it was made from (tables of migration V9). Obtain it with {@link Storage#alarms}.
 *
 * <p>A rule's outcome is applied in one transaction that locks the newest alarm of its rule and
 * source ({@code FOR UPDATE}), so a replay check and the change it guards cannot interleave with
 * another outcome; the UNIQUE {@code open_key} keeps "one open alarm" even so.
 */
final class JdbcAlarmStore implements AlarmStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "id, rule_id, rule_version, source, severity, state, raised_at, acknowledged_at,"
          + " acknowledged_by, cleared_at, cleared_by, last_at, repeats, summary, alarm_values,"
          + " notify_channels, escalated_at, assignee";

  private final JdbcWork jdbc;

  JdbcAlarmStore(DataSource dataSource, Dialect dialect) {
    this.jdbc = new JdbcWork(dataSource, dialect);
  }

  static String key(String ruleId, String source) {
    return ruleId.length() + ":" + ruleId + "|" + source;
  }

  @Override
  public AlarmChange raise(AlarmRaise raise) {
    return inTransaction(
        "raising an alarm",
        connection -> {
          Optional<Alarm> latest = latest(connection, raise.ruleId(), raise.source());
          if (latest.isPresent() && !raise.at().isAfter(latest.get().lastAt())) {
            return AlarmChange.none();
          }
          if (latest.isPresent() && latest.get().open()) {
            Alarm open = latest.get();
            boolean rose = !open.severity().reaches(raise.severity());
            AlarmSeverity severity = rose ? raise.severity() : open.severity();
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE alarm SET rule_version = ?, severity = ?, last_at = ?,"
                        + " repeats = repeats + 1, summary = ?, alarm_values = ?,"
                        + " notify_channels = ? WHERE id = ?")) {
              update.setInt(1, raise.ruleVersion());
              update.setString(2, severity.name());
              ValueCodec.bindInstant(update, 3, raise.at());
              update.setString(4, raise.summary());
              update.setString(5, raise.values().text());
              update.setString(6, channelsJson(raise.notifyChannels()));
              update.setLong(7, open.id());
              update.executeUpdate();
            }
            return new AlarmChange(
                AlarmChange.Kind.REPEATED, Optional.of(read(connection, open.id())), rose);
          }
          String key = key(raise.ruleId(), raise.source());
          long id;
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO alarm (rule_id, rule_version, source, latest_key, open_key,"
                      + " severity, state, raised_at, last_at, repeats, summary, alarm_values,"
                      + " notify_channels) VALUES (?, ?, ?, ?, ?, ?, 'RAISED', ?, ?, 1, ?, ?, ?)",
                  new String[] {"id"})) {
            insert.setString(1, raise.ruleId());
            insert.setInt(2, raise.ruleVersion());
            insert.setString(3, raise.source());
            insert.setString(4, key);
            insert.setString(5, key);
            insert.setString(6, raise.severity().name());
            ValueCodec.bindInstant(insert, 7, raise.at());
            ValueCodec.bindInstant(insert, 8, raise.at());
            insert.setString(9, raise.summary());
            insert.setString(10, raise.values().text());
            insert.setString(11, channelsJson(raise.notifyChannels()));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong(1);
            }
          }
          return new AlarmChange(AlarmChange.Kind.OPENED, Optional.of(read(connection, id)), false);
        });
  }

  @Override
  public AlarmChange clearByRule(String ruleId, String source, Instant at) {
    return inTransaction(
        "clearing an alarm",
        connection -> {
          Optional<Alarm> latest = latest(connection, ruleId, source);
          if (latest.isEmpty() || !latest.get().open() || !at.isAfter(latest.get().lastAt())) {
            return AlarmChange.none();
          }
          long id = latest.get().id();
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE alarm SET state = 'CLEARED', open_key = NULL, cleared_at = ?,"
                      + " last_at = ? WHERE id = ?")) {
            ValueCodec.bindInstant(update, 1, at);
            ValueCodec.bindInstant(update, 2, at);
            update.setLong(3, id);
            update.executeUpdate();
          }
          return new AlarmChange(
              AlarmChange.Kind.CLEARED, Optional.of(read(connection, id)), false);
        });
  }

  @Override
  public Optional<Alarm> find(long id) {
    return reading("reading an alarm", connection -> find(connection, id));
  }

  @Override
  public List<Alarm> list(AlarmQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alarm WHERE 1 = 1");
    List<String> arguments = new ArrayList<>();
    if (query.state() != null) {
      sql.append(" AND state = ?");
      arguments.add(query.state().name());
    }
    if (query.severity() != null) {
      sql.append(" AND severity = ?");
      arguments.add(query.severity().name());
    }
    if (query.ruleId() != null) {
      sql.append(" AND rule_id = ?");
      arguments.add(query.ruleId());
    }
    if (query.source() != null) {
      sql.append(" AND source = ?");
      arguments.add(query.source());
    }
    sql.append(" ORDER BY raised_at DESC, id DESC LIMIT ? OFFSET ?");
    return reading(
        "listing alarms",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            int i = 1;
            for (String argument : arguments) {
              select.setString(i++, argument);
            }
            select.setInt(i++, query.top());
            select.setInt(i, query.skip());
            return readAll(connection, select);
          }
        });
  }

  @Override
  public List<Alarm> unacknowledged() {
    return reading(
        "listing unacknowledged alarms",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM alarm WHERE state = 'RAISED' AND escalated_at IS NULL"
                      + " ORDER BY raised_at, id")) {
            return readAll(connection, select);
          }
        });
  }

  @Override
  public Map<AlarmSeverity, Long> openBySeverity() {
    return reading(
        "counting open alarms",
        connection -> {
          Map<AlarmSeverity, Long> counts = new EnumMap<>(AlarmSeverity.class);
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT severity, COUNT(*) FROM alarm WHERE state <> 'CLEARED'"
                          + " GROUP BY severity");
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              counts.put(AlarmSeverity.valueOf(row.getString(1)), row.getLong(2));
            }
          }
          return counts;
        });
  }

  @Override
  public Alarm acknowledge(long id, String actor, Instant at) {
    return inTransaction(
        "acknowledging an alarm",
        connection -> {
          Alarm alarm = locked(connection, id);
          if (alarm.state() != AlarmState.RAISED) {
            throw new ConflictException(
                "only a raised alarm can be acknowledged; alarm "
                    + id
                    + " is "
                    + alarm.state().name().toLowerCase(java.util.Locale.ROOT),
                "state");
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE alarm SET state = 'ACKNOWLEDGED', acknowledged_at = ?,"
                      + " acknowledged_by = ? WHERE id = ?")) {
            ValueCodec.bindInstant(update, 1, at);
            update.setString(2, actor);
            update.setLong(3, id);
            update.executeUpdate();
          }
          return read(connection, id);
        });
  }

  @Override
  public Alarm clear(long id, String actor, Instant at) {
    return inTransaction(
        "clearing an alarm",
        connection -> {
          Alarm alarm = locked(connection, id);
          if (!alarm.open()) {
            throw new ConflictException("alarm " + id + " is cleared already", "state");
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE alarm SET state = 'CLEARED', open_key = NULL, cleared_at = ?,"
                      + " cleared_by = ? WHERE id = ?")) {
            ValueCodec.bindInstant(update, 1, at);
            update.setString(2, actor);
            update.setLong(3, id);
            update.executeUpdate();
          }
          return read(connection, id);
        });
  }

  @Override
  public Alarm assign(long id, String assignee) {
    return inTransaction(
        "assigning an alarm",
        connection -> {
          locked(connection, id);
          try (PreparedStatement update =
              connection.prepareStatement("UPDATE alarm SET assignee = ? WHERE id = ?")) {
            update.setString(1, assignee);
            update.setLong(2, id);
            update.executeUpdate();
          }
          return read(connection, id);
        });
  }

  @Override
  public Alarm comment(long id, AlarmComment comment) {
    return inTransaction(
        "commenting on an alarm",
        connection -> {
          Alarm alarm = locked(connection, id);
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO alarm_comment (alarm_id, position, author, commented_at,"
                      + " comment_text) VALUES (?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setInt(2, alarm.comments().size());
            insert.setString(3, comment.author());
            ValueCodec.bindInstant(insert, 4, comment.at());
            insert.setString(5, comment.text());
            insert.executeUpdate();
          }
          return read(connection, id);
        });
  }

  @Override
  public boolean markEscalated(long id, Instant at) {
    return inTransaction(
        "escalating an alarm",
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE alarm SET escalated_at = ? WHERE id = ? AND state = 'RAISED'"
                      + " AND escalated_at IS NULL")) {
            ValueCodec.bindInstant(update, 1, at);
            update.setLong(2, id);
            return update.executeUpdate() == 1;
          }
        });
  }

  private Optional<Alarm> latest(Connection connection, String ruleId, String source)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT "
                + COLUMNS
                + " FROM alarm WHERE latest_key = ? ORDER BY id DESC LIMIT 1 FOR UPDATE")) {
      select.setString(1, key(ruleId, source));
      return readAll(connection, select).stream().findFirst();
    }
  }

  private Alarm locked(Connection connection, long id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM alarm WHERE id = ? FOR UPDATE")) {
      select.setLong(1, id);
      return readAll(connection, select).stream()
          .findFirst()
          .orElseThrow(() -> new NotFoundException("there is no alarm " + id));
    }
  }

  private Alarm read(Connection connection, long id) throws SQLException {
    return find(connection, id).orElseThrow();
  }

  private Optional<Alarm> find(Connection connection, long id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + COLUMNS + " FROM alarm WHERE id = ?")) {
      select.setLong(1, id);
      return readAll(connection, select).stream().findFirst();
    }
  }

  private List<Alarm> readAll(Connection connection, PreparedStatement select) throws SQLException {
    Map<Long, Alarm> alarms = new LinkedHashMap<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        Alarm alarm = alarm(row, List.of());
        alarms.put(alarm.id(), alarm);
      }
    }
    if (alarms.isEmpty()) {
      return List.of();
    }
    Map<Long, List<AlarmComment>> comments = new LinkedHashMap<>();
    String marks = String.join(", ", java.util.Collections.nCopies(alarms.size(), "?"));
    try (PreparedStatement select2 =
        connection.prepareStatement(
            "SELECT alarm_id, author, commented_at, comment_text FROM alarm_comment"
                + " WHERE alarm_id IN ("
                + marks
                + ") ORDER BY alarm_id, position")) {
      int i = 1;
      for (long id : alarms.keySet()) {
        select2.setLong(i++, id);
      }
      try (ResultSet row = select2.executeQuery()) {
        while (row.next()) {
          comments
              .computeIfAbsent(row.getLong(1), k -> new ArrayList<>())
              .add(
                  new AlarmComment(
                      row.getString(2), ValueCodec.readInstant(row, 3), row.getString(4)));
        }
      }
    }
    List<Alarm> result = new ArrayList<>(alarms.size());
    for (Alarm alarm : alarms.values()) {
      List<AlarmComment> notes = comments.getOrDefault(alarm.id(), List.of());
      result.add(
          notes.isEmpty()
              ? alarm
              : new Alarm(
                  alarm.id(),
                  alarm.ruleId(),
                  alarm.ruleVersion(),
                  alarm.source(),
                  alarm.severity(),
                  alarm.state(),
                  alarm.raisedAt(),
                  alarm.acknowledgedAt(),
                  alarm.acknowledgedBy(),
                  alarm.clearedAt(),
                  alarm.clearedBy(),
                  alarm.lastAt(),
                  alarm.count(),
                  alarm.summary(),
                  alarm.values(),
                  alarm.notifyChannels(),
                  alarm.escalatedAt(),
                  alarm.assignee(),
                  notes));
    }
    return result;
  }

  private static Alarm alarm(ResultSet row, List<AlarmComment> comments) throws SQLException {
    return new Alarm(
        row.getLong(1),
        row.getString(2),
        row.getInt(3),
        row.getString(4),
        AlarmSeverity.valueOf(row.getString(5)),
        AlarmState.valueOf(row.getString(6)),
        ValueCodec.readInstant(row, 7),
        ValueCodec.readInstant(row, 8),
        row.getString(9),
        ValueCodec.readInstant(row, 10),
        row.getString(11),
        ValueCodec.readInstant(row, 12),
        row.getInt(13),
        row.getString(14),
        new Json(row.getString(15)),
        channels(row.getString(16)),
        ValueCodec.readInstant(row, 17),
        row.getString(18),
        comments);
  }

  private static String channelsJson(List<String> channels) {
    try {
      return JSON.writeValueAsString(channels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write channel names", e);
    }
  }

  private static List<String> channels(String json) {
    try {
      return JSON.readValue(json, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored channel names are not a JSON array: " + json, e);
    }
  }

  private <T> T inTransaction(String action, JdbcWork.Work<T> work) {
    return jdbc.write(action, work);
  }

  private <T> T reading(String action, JdbcWork.Work<T> work) {
    return jdbc.read(action, work);
  }
}
