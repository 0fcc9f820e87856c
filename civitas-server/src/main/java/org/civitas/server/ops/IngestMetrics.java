package org.civitas.server.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import org.civitas.timeseries.IngestStats;
import org.civitas.timeseries.ObservationIngest;

/**
 * The ingest path's counters as meters, read from {@link ObservationIngest#stats()} at each scrape:
 * committed, failed, duplicate (by idempotency key) and refused (queue full) observations, commit
 * batches (so observations per batch can be derived), and how full the queue is (a queue near
 * capacity means submissions will soon be refused).
 */
final class IngestMetrics {

  private IngestMetrics() {}

  static void bindTo(MeterRegistry registry, ObservationIngest ingest) {
    counter(
        registry,
        ingest,
        "civitas.ingest.observations.committed",
        "Observations durably committed by the ingest path",
        IngestStats::committedObservations);
    counter(
        registry,
        ingest,
        "civitas.ingest.observations.failed",
        "Observations whose submission failed",
        IngestStats::failedObservations);
    counter(
        registry,
        ingest,
        "civitas.ingest.observations.duplicate",
        "Observations not stored again because their idempotency key was already stored",
        IngestStats::duplicateObservations);
    counter(
        registry,
        ingest,
        "civitas.ingest.observations.refused",
        "Observations refused at once because the ingest queue was full (answered 503)",
        IngestStats::refusedObservations);
    counter(
        registry,
        ingest,
        "civitas.ingest.batches",
        "Transactions the ingest writer committed",
        IngestStats::batches);
    gauge(
        registry,
        ingest,
        "civitas.ingest.queue.observations",
        "Observations waiting for their commit",
        IngestStats::queuedObservations);
    gauge(
        registry,
        ingest,
        "civitas.ingest.queue.capacity",
        "Observations the queue holds before submissions are refused",
        IngestStats::queueCapacity);
  }

  private static void counter(
      MeterRegistry registry,
      ObservationIngest ingest,
      String name,
      String description,
      ToDoubleFunction<IngestStats> value) {
    FunctionCounter.builder(name, ingest, source -> value.applyAsDouble(source.stats()))
        .description(description)
        .register(registry);
  }

  private static void gauge(
      MeterRegistry registry,
      ObservationIngest ingest,
      String name,
      String description,
      ToDoubleFunction<IngestStats> value) {
    Gauge.builder(name, ingest, source -> value.applyAsDouble(source.stats()))
        .description(description)
        .register(registry);
  }
}
