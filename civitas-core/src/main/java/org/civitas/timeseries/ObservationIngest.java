package org.civitas.timeseries;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ingest path for Observations. Submissions from many threads are written in batches (group
 * commit: one transaction and one sync for many observations), and each future completes only after
 * its observation is durably committed, so a sender is never told "accepted" for data a crash could
 * lose.
 *
 * <p>Idempotency: an observation with an {@link NewObservation#idempotencyKey() idempotency key}
 * whose stream already has an Observation under that key is not stored again; its future completes
 * with the stored Observation's id. This holds across restarts and across several nodes sharing one
 * PostgreSQL database, for as long as that Observation exists (deleting it frees the key).
 *
 * <p>Back-pressure: when the queue is full, {@code submit} fails at once with {@link
 * org.civitas.error.UnavailableException} ({@link
 * org.civitas.error.UnavailableException#overloaded() overloaded}, with a retry hint) rather than
 * holding memory without bound.
 */
public interface ObservationIngest {

  /**
   * Queues one observation; the future completes with its {@code @iot.id} once committed (or, for a
   * duplicate idempotency key, with the id of the Observation stored first).
   */
  CompletableFuture<Long> submit(NewObservation observation);

  /**
   * Queues many observations to be committed together; the future completes with their ids in the
   * same order. If one cannot be stored (its Datastream vanished), the future fails and none of the
   * batch is stored. Duplicates (by idempotency key, also within the list) get the first one's id.
   */
  CompletableFuture<List<Long>> submitAll(List<NewObservation> observations);

  /**
   * As {@link #submitAll}, telling for each observation whether it was stored now or recognised as
   * a duplicate of one stored before, so that a caller can answer a redelivery with the first
   * Observation and announce only what is new.
   */
  CompletableFuture<List<IngestOutcome>> submitAllWithOutcomes(List<NewObservation> observations);

  /** The counters of this ingest path now; cheap enough to call on every metrics scrape. */
  IngestStats stats();
}
