package org.civitas.sensing.store;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.timeseries.ObservationIngest;
import org.civitas.timeseries.TimeSeries;

/**
 * The storage API of the sensing core. One implementation per engine family (the JDBC one serves
 * both the embedded engine and PostgreSQL); every behaviour is pinned by the storage contract
 * tests.
 *
 * <p>Thread-safe. Reads outside a transaction see committed data.
 */
public interface SensingStore extends AutoCloseable {

  /**
   * Runs {@code work} in one database transaction: all its changes commit together, or none do when
   * it throws (the exception is passed on).
   */
  <T> T inTransaction(Function<SensingTransaction, T> work);

  Optional<Entity> find(EntityType type, long id, Set<String> select);

  EntityPage query(EntityQuery query);

  /** The fast, batching path for new Observations: acknowledged only once committed. */
  ObservationIngest ingest();

  /** Time-series reads that SensorThings lacks: latest values and aggregates over time buckets. */
  TimeSeries timeSeries();

  /** Whether the engine answers now, for readiness checks. Never throws. */
  StorageStatus status();

  /** Stops the ingest path after committing what is queued, then closes the connections. */
  @Override
  void close();
}
