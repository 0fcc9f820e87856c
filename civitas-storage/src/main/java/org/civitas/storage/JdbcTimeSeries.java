package org.civitas.storage;

import static org.civitas.sensing.model.EntityType.OBSERVATION;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.civitas.sensing.model.Entity;
import org.civitas.storage.SensingSchema.PropertyColumns;
import org.civitas.storage.SensingSchema.Table;
import org.civitas.timeseries.Bucket;
import org.civitas.timeseries.BucketWidth;
import org.civitas.timeseries.TimeSeries;

/** Latest values and bucketed aggregates, read with the (datastream, phenomenonTime) index. */
final class JdbcTimeSeries implements TimeSeries {
  /** Datastreams per statement in {@link #latest}: bounds the SQL text and its parse cost. */
  private static final int LATEST_CHUNK = 64;

  private final DataSource dataSource;
  private final Dialect dialect;

  JdbcTimeSeries(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * One statement per {@value #LATEST_CHUNK} Datastreams: a UNION ALL of "the first row of this
   * Datastream in descending time order", each branch an index probe on {@code
   * observation_datastream_time} on both engines (see the EXPLAIN tests of each engine).
   */
  @Override
  public Map<Long, Entity> latest(Collection<Long> datastreamIds) {
    Set<Long> unique = new LinkedHashSet<>(datastreamIds);
    Map<Long, Entity> latest = new LinkedHashMap<>();
    if (unique.isEmpty()) {
      return latest;
    }
    Table table = SensingSchema.table(OBSERVATION);
    List<PropertyColumns> columns = table.properties();
    List<Long> ids = List.copyOf(unique);
    try (Connection connection = dataSource.getConnection()) {
      for (int from = 0; from < ids.size(); from += LATEST_CHUNK) {
        List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + LATEST_CHUNK));
        try (PreparedStatement statement =
            connection.prepareStatement(latestSql(dialect, chunk.size(), columns))) {
          for (int i = 0; i < chunk.size(); i++) {
            statement.setLong(i + 1, chunk.get(i));
          }
          try (ResultSet row = statement.executeQuery()) {
            while (row.next()) {
              Entity observation = QuerySql.read(table, columns, row);
              latest.put(row.getLong(row.getMetaData().getColumnCount()), observation);
            }
          }
        }
      }
      return latest;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the latest observations");
    }
  }

  static String latestSql(Dialect dialect, int datastreams, List<PropertyColumns> columns) {
    String branch =
        "(SELECT "
            + QuerySql.selectList(columns)
            + ", e.datastream_id FROM observation e"
            + dialect.useIndex("observation_datastream_time")
            + " WHERE e.datastream_id = ?"
            // Naming the equality column in ORDER BY too is what makes H2 read the index
            // backwards and stop after one row; without it H2 sorts all the Datastream's rows.
            + " ORDER BY e.datastream_id DESC, e.phenomenon_time_start DESC, e.id DESC LIMIT 1)";
    List<String> branches = new ArrayList<>();
    for (int i = 0; i < datastreams; i++) {
      branches.add(branch);
    }
    return String.join(" UNION ALL ", branches);
  }

  /**
   * Groups in SQL by bucket: a bucket number for fixed widths ({@link Dialect#bucketNumber}),
   * {@code DATE_TRUNC('month', ...)} for calendar months (sessions run in UTC). The range is read
   * from the (datastream, time, id) index.
   */
  @Override
  public List<Bucket> aggregate(long datastreamId, Instant from, Instant to, BucketWidth width) {
    String bucket =
        width
            .duration()
            .map(d -> dialect.bucketNumber("phenomenon_time_start", d.toSeconds()))
            .orElse("DATE_TRUNC('month', phenomenon_time_start)");
    String sql =
        "SELECT "
            + bucket
            + " AS bucket, COUNT(result_number), MIN(result_number), MAX(result_number),"
            + " AVG(result_number), SUM(result_number) FROM observation"
            + dialect.useIndex("observation_datastream_time")
            + " WHERE datastream_id = ? AND phenomenon_time_start >= ? AND phenomenon_time_start < ?"
            + " AND result_number IS NOT NULL GROUP BY 1 ORDER BY 1";
    List<Bucket> buckets = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, datastreamId);
      ValueCodec.bindInstant(statement, 2, from);
      ValueCodec.bindInstant(statement, 3, to);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          buckets.add(
              new Bucket(
                  bucketStart(row, width),
                  row.getLong(2),
                  row.getDouble(3),
                  row.getDouble(4),
                  row.getDouble(5),
                  row.getDouble(6)));
        }
      }
      return buckets;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "aggregating Datastream " + datastreamId);
    }
  }

  private static Instant bucketStart(ResultSet row, BucketWidth width) throws SQLException {
    if (width.duration().isEmpty()) {
      return ValueCodec.readInstant(row, 1);
    }
    return Dialect.BUCKET_ORIGIN.plusSeconds(row.getLong(1) * width.duration().get().toSeconds());
  }
}
