package org.civitas.rules.stream;

import java.time.Instant;

/**
 * Evaluates the events of one partition. A stream calls it from one thread at a time per partition,
 * in id order, never twice for one observation within a subscription.
 */
public interface PartitionConsumer {

  /** The next observation of the partition. */
  void accept(ObservationEvent event);

  /**
   * Time passes: called at least every tick interval while the partition is idle or busy, on the
   * partition's thread, so timers (absence) run without locks and without reading the database.
   */
  void tick(Instant now);
}
