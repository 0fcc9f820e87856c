package org.civitas.storage;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.store.SensingStore;
import org.civitas.sensing.store.SensingTransaction;
import org.civitas.sensing.store.StorageStatus;
import org.civitas.timeseries.ObservationIngest;
import org.civitas.timeseries.TimeSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC {@link SensingStore}, the same code on H2 and PostgreSQL. Open it with {@link Storage}.
 */
final class JdbcSensingStore implements SensingStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcSensingStore.class);

  /** How long a readiness check waits for the trivial query. */
  private static final int STATUS_TIMEOUT_SECONDS = 2;

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final String description;
  private final ObservationIds observationIds;
  private final GroupCommitIngest ingest;
  private final JdbcTimeSeries timeSeries;

  JdbcSensingStore(
      HikariDataSource dataSource, Dialect dialect, String description, Storage.Tuning tuning) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.description = description;
    this.observationIds = new ObservationIds(dialect);
    this.ingest =
        new GroupCommitIngest(
            dataSource, dialect, observationIds, tuning.ingestCapacity(), tuning.ingestBatch());
    this.timeSeries = new JdbcTimeSeries(dataSource, dialect);
    ingest.start();
  }

  @Override
  public <T> T inTransaction(Function<SensingTransaction, T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.apply(new JdbcTransaction(connection, dialect, observationIds));
        connection.commit();
      } catch (RuntimeException | Error e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
      try {
        dialect.makeDurable(connection);
      } catch (SQLException e) {
        // Committed already: failing the call now would make the caller repeat what is stored.
        log.error("syncing a committed transaction to disk failed; it is committed", e);
      }
      return result;
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "running a transaction");
    }
  }

  @Override
  public Optional<Entity> find(EntityType type, long id, Set<String> select) {
    return read(transaction -> transaction.find(type, id, select));
  }

  @Override
  public EntityPage query(EntityQuery query) {
    return read(transaction -> transaction.query(query));
  }

  private <T> T read(Function<JdbcTransaction, T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.apply(new JdbcTransaction(connection, dialect, observationIds));
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading");
    }
  }

  @Override
  public ObservationIngest ingest() {
    return ingest;
  }

  @Override
  public TimeSeries timeSeries() {
    return timeSeries;
  }

  @Override
  public StorageStatus status() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(STATUS_TIMEOUT_SECONDS);
      try (ResultSet row = statement.executeQuery("SELECT 1")) {
        row.next();
      }
      return new StorageStatus(true, dialect.engine(), description);
    } catch (SQLException | RuntimeException e) {
      return new StorageStatus(false, dialect.engine(), String.valueOf(e.getMessage()));
    }
  }

  /** The pool, shared with the other stores of this database ({@link Storage#devices}). */
  HikariDataSource dataSource() {
    return dataSource;
  }

  Dialect dialect() {
    return dialect;
  }

  @Override
  public void close() {
    ingest.close();
    dataSource.close();
    log.info("storage closed ({})", description);
  }
}
