package org.civitas.timeseries;

/**
 * A snapshot of the ingest path's counters, for metrics and health pages.
 *
 * @param committedObservations observations durably committed since the store opened
 * @param batches transactions the writer committed (each holds one or more submissions)
 * @param failedObservations observations whose submission failed (unknown Datastream, ...)
 * @param queuedObservations observations waiting in the queue now
 * @param queueCapacity how many observations the queue holds before submissions are refused
 */
public record IngestStats(
    long committedObservations,
    long batches,
    long failedObservations,
    int queuedObservations,
    int queueCapacity) {}
