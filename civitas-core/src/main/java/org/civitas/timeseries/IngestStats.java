package org.civitas.timeseries;

/**
 * A snapshot of the ingest path's counters, for metrics and health pages.
 *
 * @param committedObservations observations durably committed since the store opened
 * @param batches transactions the writer committed (each holds one or more submissions)
 * @param failedObservations observations whose submission failed (unknown Datastream, ...)
 * @param queuedObservations observations waiting in the queue now
 * @param queueCapacity how many observations the queue holds before submissions are refused
 * @param duplicateObservations observations not stored because their idempotency key was already
 *     stored (or came earlier in the same batch): redeliveries answered with the first one's id
 * @param refusedObservations observations refused at once because the queue was full
 */
public record IngestStats(
    long committedObservations,
    long batches,
    long failedObservations,
    int queuedObservations,
    int queueCapacity,
    long duplicateObservations,
    long refusedObservations) {

  /** The counters of an ingest path that has neither idempotency keys nor refusals to count. */
  public IngestStats(
      long committedObservations,
      long batches,
      long failedObservations,
      int queuedObservations,
      int queueCapacity) {
    this(
        committedObservations,
        batches,
        failedObservations,
        queuedObservations,
        queueCapacity,
        0,
        0);
  }
}
