package org.civitas.mqtt.external;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.store.SensingStore;
import org.civitas.sensing.store.SensingTransaction;
import org.civitas.sensing.store.StorageStatus;
import org.civitas.timeseries.IngestOutcome;
import org.civitas.timeseries.IngestStats;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationIngest;
import org.civitas.timeseries.TimeSeries;

/**
 * A real store whose ingest path can be held shut: while the gate is closed, an Observation
 * submitted to the ingest path is not handed to the real writer, as if its commit were slow. It
 * makes "acknowledged only after the commit" observable without timing.
 */
final class GatedStore implements SensingStore {

  private final SensingStore store;
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

  GatedStore(SensingStore store) {
    this.store = store;
  }

  void hold() {
    gate = new CompletableFuture<>();
  }

  void release() {
    gate.complete(null);
  }

  /** Observations submitted while the gate was closed and not yet let through. */
  int waiting() {
    return waiting.get();
  }

  @Override
  public <T> T inTransaction(Function<SensingTransaction, T> work) {
    return store.inTransaction(work);
  }

  @Override
  public Optional<Entity> find(EntityType type, long id, Set<String> select) {
    return store.find(type, id, select);
  }

  @Override
  public EntityPage query(EntityQuery query) {
    return store.query(query);
  }

  @Override
  public ObservationIngest ingest() {
    ObservationIngest ingest = store.ingest();
    return new ObservationIngest() {
      @Override
      public CompletableFuture<Long> submit(NewObservation observation) {
        CompletableFuture<Void> current = gate;
        if (current.isDone()) {
          return ingest.submit(observation);
        }
        waiting.incrementAndGet();
        return current.thenCompose(
            open -> {
              waiting.decrementAndGet();
              return ingest.submit(observation);
            });
      }

      @Override
      public CompletableFuture<List<Long>> submitAll(List<NewObservation> observations) {
        return gate.thenCompose(open -> ingest.submitAll(observations));
      }

      @Override
      public CompletableFuture<List<IngestOutcome>> submitAllWithOutcomes(
          List<NewObservation> observations) {
        return gate.thenCompose(open -> ingest.submitAllWithOutcomes(observations));
      }

      @Override
      public IngestStats stats() {
        return ingest.stats();
      }
    };
  }

  @Override
  public TimeSeries timeSeries() {
    return store.timeSeries();
  }

  @Override
  public StorageStatus status() {
    return store.status();
  }

  @Override
  public void close() {
    store.close();
  }
}
