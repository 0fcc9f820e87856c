package org.civitas.timeseries;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ingest path for Observations. Submissions from many threads are written in batches (group
 * commit: one transaction and one sync for many observations), and each future completes only after
 * its observation is durably committed, so a sender is never told "accepted" for data a crash could
 * lose.
 *
 * <p>Back-pressure: when the queue is full, {@code submit} fails at once with {@link
 * org.civitas.error.UnavailableException} rather than holding memory without bound.
 */
public interface ObservationIngest {

  /** Queues one observation; the future completes with its {@code @iot.id} once committed. */
  CompletableFuture<Long> submit(NewObservation observation);

  /**
   * Queues many observations to be committed together; the future completes with their ids in the
   * same order. If one cannot be stored (its Datastream vanished), the future fails and none of the
   * batch is stored.
   */
  CompletableFuture<List<Long>> submitAll(List<NewObservation> observations);

  /** The counters of this ingest path now; cheap enough to call on every metrics scrape. */
  IngestStats stats();
}
