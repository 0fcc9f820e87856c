package org.civitas.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Hands out Observation ids from blocks of the {@code observation_id} sequence, so that storing a
 * thousand Observations costs one sequence round trip instead of a thousand. Ids are unique across
 * processes sharing the database; a block left unused when the process stops leaves a gap.
 *
 * <p>Thread-safe.
 */
final class ObservationIds {
  /** Must equal the sequence's INCREMENT BY in V1__sensing_core.sql. */
  static final int BLOCK = 1000;

  private final Dialect dialect;
  private long next;
  private long end;

  ObservationIds(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The next id, fetching a new block through {@code connection} when the current one is used. */
  synchronized long next(Connection connection) throws SQLException {
    if (next == end) {
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery(dialect.nextObservationIdBlock())) {
        row.next();
        next = row.getLong(1);
        end = next + BLOCK;
      }
    }
    return next++;
  }
}
