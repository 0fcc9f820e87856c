package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.retention.Expiry;
import org.civitas.governance.retention.HourlyAggregate;
import org.civitas.governance.retention.RetentionAction;
import org.civitas.governance.retention.RetentionReport;
import org.civitas.governance.retention.RetentionRule;
import org.civitas.governance.retention.RetentionStore;

/**
 * The JDBC {@link RetentionStore} (tables {@code retention_rule}, {@code observation_aggregate},
 * {@code retention_report} and {@code retention_report_stream} of migration V14), the same code on
 * H2 and PostgreSQL. Obtain it with {@link Storage#retention}.
 *
 * <p>Expiry is bulk SQL on the {@code (datastream_id, phenomenon_time_start, id)} index: a step
 * finds its upper bound with one index probe (the time {@code batch} rows in), then aggregates and
 * deletes everything below it with two statements, so no Observation is ever loaded into memory.
 */
final class JdbcRetentionStore implements RetentionStore {
  /** The purpose column's value for a rule that covers any purpose. */
  private static final String ANY_PURPOSE = "*";

  private static final long HOUR_SECONDS = 3600;

  /** Attempts of one aggregating step when concurrent writes changed the rows it read. */
  private static final int STEP_ATTEMPTS = 3;

  private final JdbcWork work;
  private final Dialect dialect;

  JdbcRetentionStore(JdbcWork work, Dialect dialect) {
    this.work = work;
    this.dialect = dialect;
  }

  // ------------------------------------------------------------------------------------- rules

  @Override
  public List<RetentionRule> rules() {
    return work.read(
        "reading the retention rules",
        connection -> {
          List<RetentionRule> rules = new ArrayList<>();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT id, data_class, purpose, keep_seconds, action FROM retention_rule"
                          + " ORDER BY id");
              ResultSet row = select.executeQuery()) {
            while (row.next()) {
              String purpose = row.getString(3);
              rules.add(
                  new RetentionRule(
                      row.getLong(1),
                      GovernanceRows.wire(DataClass.fromWire(row.getString(2)), row.getString(2)),
                      purpose.equals(ANY_PURPOSE) ? Optional.empty() : Optional.of(purpose),
                      Duration.ofSeconds(row.getLong(4)),
                      GovernanceRows.wire(
                          RetentionAction.fromWire(row.getString(5)), row.getString(5))));
            }
          }
          return rules;
        });
  }

  @Override
  public RetentionRule addRule(RetentionRule rule) {
    return work.write(
        "adding a retention rule",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO retention_rule (data_class, purpose, keep_seconds, action)"
                      + " VALUES (?, ?, ?, ?)",
                  new String[] {"id"})) {
            insert.setString(1, rule.dataClass().wireName());
            insert.setString(2, rule.purpose().orElse(ANY_PURPOSE));
            insert.setLong(3, rule.keep().toSeconds());
            insert.setString(4, rule.action().wireName());
            insert.executeUpdate();
            return rule.withId(GovernanceRows.generated(insert));
          }
        });
  }

  @Override
  public boolean removeRule(long id) {
    return work.write(
        "removing a retention rule",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM retention_rule WHERE id = ?")) {
            delete.setLong(1, id);
            return delete.executeUpdate() > 0;
          }
        });
  }

  // ------------------------------------------------------------------------------------ expiry

  @Override
  public Expiry expire(long datastreamId, Instant cutoff, RetentionAction action, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, was " + batch);
    }
    return switch (action) {
      case DELETE ->
          work.write(
              "expiring Observations of Datastream " + datastreamId,
              connection -> deleteStep(connection, datastreamId, cutoff, batch));
      case AGGREGATE -> aggregate(datastreamId, cutoff, batch);
    };
  }

  /** The oldest {@code batch} expired Observations, picked by the index, deleted by id. */
  private Expiry deleteStep(Connection connection, long datastreamId, Instant cutoff, int batch)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM observation WHERE id IN (SELECT e.id FROM observation e"
                + dialect.useIndex("observation_datastream_time")
                + " WHERE e.datastream_id = ? AND e.phenomenon_time_start < ?"
                + " ORDER BY e.datastream_id, e.phenomenon_time_start, e.id LIMIT ?)")) {
      delete.setLong(1, datastreamId);
      ValueCodec.bindInstant(delete, 2, cutoff);
      delete.setInt(3, batch);
      int removed = delete.executeUpdate();
      return new Expiry(removed, 0, removed == batch);
    }
  }

  private Expiry aggregate(long datastreamId, Instant cutoff, int batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.write(
            "aggregating expired Observations of Datastream " + datastreamId,
            connection -> aggregateStep(connection, datastreamId, cutoff, batch));
      } catch (ConcurrentChange e) {
        if (attempt == STEP_ATTEMPTS) {
          throw new IllegalStateException(
              "Observations of Datastream "
                  + datastreamId
                  + " kept changing while being aggregated ("
                  + e.getMessage()
                  + "); nothing of this step was removed",
              e);
        }
      }
    }
  }

  /**
   * Summarises and deletes whole hours: everything before the hour of the row {@code batch} rows in
   * (at least the first hour, so a step always progresses), and never past the cut-off. The deleted
   * count must equal the aggregated count; if the ingest path committed an old Observation between
   * the two statements, they differ and the step is rolled back and tried again.
   */
  private Expiry aggregateStep(Connection connection, long datastreamId, Instant cutoff, int batch)
      throws SQLException {
    String expired =
        " FROM observation e"
            + dialect.useIndex("observation_datastream_time")
            + " WHERE e.datastream_id = ? AND e.phenomenon_time_start < ?";
    Instant first;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT e.phenomenon_time_start"
                + expired
                + " ORDER BY e.datastream_id, e.phenomenon_time_start, e.id LIMIT 1")) {
      select.setLong(1, datastreamId);
      ValueCodec.bindInstant(select, 2, cutoff);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return new Expiry(0, 0, false);
        }
        first = ValueCodec.readInstant(row, 1);
      }
    }
    Instant upper = cutoff;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT e.phenomenon_time_start"
                + expired
                + " ORDER BY e.datastream_id, e.phenomenon_time_start, e.id LIMIT 1 OFFSET ?")) {
      select.setLong(1, datastreamId);
      ValueCodec.bindInstant(select, 2, cutoff);
      select.setInt(3, batch);
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          Instant bound = floorHour(ValueCodec.readInstant(row, 1));
          if (!bound.isAfter(first)) {
            bound = floorHour(first).plusSeconds(HOUR_SECONDS);
          }
          if (bound.isBefore(upper)) {
            upper = bound;
          }
        }
      }
    }
    long aggregated = 0;
    long buckets = 0;
    try (PreparedStatement group =
        connection.prepareStatement(
            "SELECT "
                + dialect.bucketNumber("e.phenomenon_time_start", HOUR_SECONDS)
                + ", COUNT(*), COUNT(e.result_number), MIN(e.result_number),"
                + " MAX(e.result_number), SUM(e.result_number)"
                + expired
                + " GROUP BY 1 ORDER BY 1")) {
      group.setLong(1, datastreamId);
      ValueCodec.bindInstant(group, 2, upper);
      try (ResultSet row = group.executeQuery()) {
        while (row.next()) {
          aggregated += row.getLong(2);
          long readings = row.getLong(3);
          if (readings > 0) {
            Instant hour = Dialect.BUCKET_ORIGIN.plusSeconds(row.getLong(1) * HOUR_SECONDS);
            merge(
                connection,
                new Bucket(
                    datastreamId,
                    hour,
                    readings,
                    row.getDouble(4),
                    row.getDouble(5),
                    row.getDouble(6)));
            buckets++;
          }
        }
      }
    }
    int removed;
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM observation WHERE datastream_id = ? AND phenomenon_time_start < ?")) {
      delete.setLong(1, datastreamId);
      ValueCodec.bindInstant(delete, 2, upper);
      removed = delete.executeUpdate();
    }
    if (removed != aggregated) {
      throw new ConcurrentChange(aggregated + " aggregated, " + removed + " to delete");
    }
    return new Expiry(removed, buckets, upper.isBefore(cutoff));
  }

  /** One hour's figures of one step, added to what earlier runs stored for that hour. */
  private record Bucket(
      long datastreamId, Instant hour, long readings, double min, double max, double total) {}

  private static void merge(Connection connection, Bucket bucket) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE observation_aggregate SET readings = readings + ?,"
                + " minimum = LEAST(minimum, ?), maximum = GREATEST(maximum, ?),"
                + " total = total + ? WHERE datastream_id = ? AND hour_start = ?")) {
      update.setLong(1, bucket.readings());
      update.setDouble(2, bucket.min());
      update.setDouble(3, bucket.max());
      update.setDouble(4, bucket.total());
      update.setLong(5, bucket.datastreamId());
      ValueCodec.bindInstant(update, 6, bucket.hour());
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    // A second node inserting the same hour at once fails on the primary key; its step is rolled
    // back and the next run folds those Observations in.
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO observation_aggregate"
                + " (datastream_id, hour_start, readings, minimum, maximum, total)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, bucket.datastreamId());
      ValueCodec.bindInstant(insert, 2, bucket.hour());
      insert.setLong(3, bucket.readings());
      insert.setDouble(4, bucket.min());
      insert.setDouble(5, bucket.max());
      insert.setDouble(6, bucket.total());
      insert.executeUpdate();
    }
  }

  private static Instant floorHour(Instant at) {
    return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), HOUR_SECONDS) * HOUR_SECONDS);
  }

  /** Rows changed between a step's aggregation and its delete; the step is rolled back. */
  private static final class ConcurrentChange extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConcurrentChange(String message) {
      super(message);
    }
  }

  @Override
  public List<HourlyAggregate> aggregates(long datastreamId) {
    return work.read(
        "reading the aggregates of Datastream " + datastreamId,
        connection -> {
          List<HourlyAggregate> aggregates = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT hour_start, readings, minimum, maximum, total FROM observation_aggregate"
                      + " WHERE datastream_id = ? ORDER BY hour_start")) {
            select.setLong(1, datastreamId);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                long readings = row.getLong(2);
                aggregates.add(
                    new HourlyAggregate(
                        datastreamId,
                        ValueCodec.readInstant(row, 1),
                        readings,
                        row.getDouble(3),
                        row.getDouble(4),
                        row.getDouble(5) / readings));
              }
            }
          }
          return aggregates;
        });
  }

  // ----------------------------------------------------------------------------------- reports

  @Override
  public RetentionReport saveReport(RetentionReport report) {
    return work.write(
        "storing a retention report",
        connection -> {
          long id;
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO retention_report (started_at, finished_at) VALUES (?, ?)",
                  new String[] {"id"})) {
            ValueCodec.bindInstant(insert, 1, report.started());
            ValueCodec.bindInstant(insert, 2, report.finished());
            insert.executeUpdate();
            id = GovernanceRows.generated(insert);
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO retention_report_stream (report_id, position, datastream_id,"
                      + " action, cutoff, removed, buckets, held_by, error)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (RetentionReport.StreamResult stream : report.streams()) {
              insert.setLong(1, id);
              insert.setInt(2, position++);
              insert.setLong(3, stream.datastreamId());
              insert.setString(4, stream.action().wireName());
              ValueCodec.bindInstant(insert, 5, stream.cutoff());
              insert.setLong(6, stream.removed());
              insert.setLong(7, stream.buckets());
              insert.setString(8, stream.heldBy().map(JdbcRetentionStore::clip).orElse(null));
              insert.setString(9, stream.error().map(JdbcRetentionStore::clip).orElse(null));
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return report.withId(id);
        });
  }

  private static String clip(String error) {
    return error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
  }

  @Override
  public List<RetentionReport> reports(int limit) {
    return work.read(
        "reading retention reports",
        connection -> {
          Map<Long, Instant[]> runs = new LinkedHashMap<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT id, started_at, finished_at FROM retention_report"
                      + " ORDER BY id DESC LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                runs.put(
                    row.getLong(1),
                    new Instant[] {ValueCodec.readInstant(row, 2), ValueCodec.readInstant(row, 3)});
              }
            }
          }
          List<RetentionReport> reports = new ArrayList<>();
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT datastream_id, action, cutoff, removed, buckets, held_by, error"
                      + " FROM retention_report_stream WHERE report_id = ? ORDER BY position")) {
            for (Map.Entry<Long, Instant[]> run : runs.entrySet()) {
              select.setLong(1, run.getKey());
              List<RetentionReport.StreamResult> streams = new ArrayList<>();
              try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                  streams.add(
                      new RetentionReport.StreamResult(
                          row.getLong(1),
                          GovernanceRows.wire(
                              RetentionAction.fromWire(row.getString(2)), row.getString(2)),
                          ValueCodec.readInstant(row, 3),
                          row.getLong(4),
                          row.getLong(5),
                          GovernanceRows.text(row, 6),
                          GovernanceRows.text(row, 7)));
                }
              }
              reports.add(
                  new RetentionReport(run.getKey(), run.getValue()[0], run.getValue()[1], streams));
            }
          }
          return reports;
        });
  }
}
