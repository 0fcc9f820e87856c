package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.civitas.timeseries.ObservationStream;

/**
 * Keeps the computed {@code phenomenonTime} and {@code resultTime} of Datastreams and
 * MultiDatastreams (the interval their Observations span) in their own columns. New Observations
 * only widen the interval, which the ingest writer does with one UPDATE per touched stream and
 * batch; removing or moving Observations recomputes it from that stream's index range.
 */
final class StreamTimes {

  /** The interval a set of new Observations of one stream spans; result times may be null. */
  static final class Span {
    private Instant phenomenonStart;
    private Instant phenomenonEnd;
    private Instant resultStart;
    private Instant resultEnd;

    void include(Instant phenomenonStart, Instant phenomenonEnd, Instant resultTime) {
      this.phenomenonStart = min(this.phenomenonStart, phenomenonStart);
      this.phenomenonEnd = max(this.phenomenonEnd, phenomenonEnd);
      this.resultStart = min(this.resultStart, resultTime);
      this.resultEnd = max(this.resultEnd, resultTime);
    }

    private static Instant min(Instant a, Instant b) {
      return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
      return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
  }

  private StreamTimes() {}

  /**
   * Widens the stored intervals of the given streams. Streams are updated in id order so that
   * concurrent writers (several nodes on one PostgreSQL) lock rows in the same order.
   */
  static void widen(Connection connection, Map<ObservationStream, Span> spans) throws SQLException {
    widen(connection, "datastream", ObservationStream.Datastream.class, spans);
    widen(connection, "multi_datastream", ObservationStream.MultiDatastream.class, spans);
  }

  private static void widen(
      Connection connection,
      String table,
      Class<? extends ObservationStream> kind,
      Map<ObservationStream, Span> spans)
      throws SQLException {
    Map<Long, Span> ordered = new TreeMap<>();
    spans.forEach(
        (stream, span) -> {
          if (kind.isInstance(stream)) {
            ordered.put(stream.id(), span);
          }
        });
    if (ordered.isEmpty()) {
      return;
    }
    // LEAST and GREATEST skip NULLs on both engines, so an empty interval simply takes the span.
    String sql =
        "UPDATE "
            + table
            + " SET phenomenon_time_start = LEAST(phenomenon_time_start, ?),"
            + " phenomenon_time_end = GREATEST(phenomenon_time_end, ?),"
            + " result_time_start = LEAST(result_time_start, ?),"
            + " result_time_end = GREATEST(result_time_end, ?) WHERE id = ?";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      for (Map.Entry<Long, Span> entry : ordered.entrySet()) {
        Span span = entry.getValue();
        ValueCodec.bindInstant(update, 1, span.phenomenonStart);
        ValueCodec.bindInstant(update, 2, span.phenomenonEnd);
        ValueCodec.bindInstant(update, 3, span.resultStart);
        ValueCodec.bindInstant(update, 4, span.resultEnd);
        update.setLong(5, entry.getKey());
        update.addBatch();
      }
      update.executeBatch();
    }
  }

  /** Recomputes one stream's intervals after Observations were deleted or changed. */
  static void recompute(Connection connection, ObservationStream stream) throws SQLException {
    String table;
    String column;
    switch (stream) {
      case ObservationStream.Datastream d -> {
        table = "datastream";
        column = "datastream_id";
      }
      case ObservationStream.MultiDatastream m -> {
        table = "multi_datastream";
        column = "multi_datastream_id";
      }
    }
    String range = " FROM observation WHERE " + column + " = ?)";
    String sql =
        "UPDATE "
            + table
            + " SET phenomenon_time_start = (SELECT MIN(phenomenon_time_start)"
            + range
            + ", phenomenon_time_end = (SELECT MAX(COALESCE(phenomenon_time_end,"
            + " phenomenon_time_start))"
            + range
            + ", result_time_start = (SELECT MIN(result_time)"
            + range
            + ", result_time_end = (SELECT MAX(result_time)"
            + range
            + " WHERE id = ?";
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      for (int i = 1; i <= 5; i++) {
        update.setLong(i, stream.id());
      }
      update.executeUpdate();
    }
  }
}
