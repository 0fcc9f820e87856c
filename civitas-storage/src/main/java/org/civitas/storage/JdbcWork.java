package org.civitas.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction on a pooled connection for the small stores (alarms, notifications): committed,
 * and for writes synced to disk ({@link Dialect#makeDurable}), before it returns; rolled back on
 * any failure, SQL errors translated once by {@link SqlErrors}.
 */
final class JdbcWork {
  private static final Logger log = LoggerFactory.getLogger(JdbcWork.class);

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final DataSource dataSource;
  private final Dialect dialect;

  JdbcWork(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** A transaction that writes: durable once this returns. */
  <T> T write(String action, Work<T> work) {
    return run(action, work, true);
  }

  /** A transaction that only reads. */
  <T> T read(String action, Work<T> work) {
    return run(action, work, false);
  }

  private <T> T run(String action, Work<T> work, boolean durable) {
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
      if (durable) {
        try {
          dialect.makeDurable(connection);
        } catch (SQLException e) {
          log.error("syncing to disk failed after {}; it is committed", action, e);
        }
      }
      return result;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, action);
    }
  }
}
