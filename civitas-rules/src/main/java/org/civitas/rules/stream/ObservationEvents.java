package org.civitas.rules.stream;

/**
 * The stream of committed observations, split into a fixed number of partitions by Datastream
 * ({@link #partitionOf}), so that one Datastream's observations are always in one partition, in
 * order. A node subscribes only to the partitions it owns; a subscription starts after a given
 * observation id, like a consumer seeking to its committed offset.
 *
 * <p>Implementations: {@link InProcessObservationEvents} (one node, fed by the node's own commits
 * and catching up from the observation table); a Kafka one keys records by Datastream id (partition
 * = hash of the key), takes ownership from its consumer group's assignment and seeks to the offset
 * stored with the evaluation state.
 *
 * <p>Thread-safe.
 */
public interface ObservationEvents extends AutoCloseable {

  /** How many partitions the stream has; fixed for the life of the stream's data. */
  int partitions();

  /** The partition of a Datastream's observations: its id modulo {@code partitions}. */
  static int partitionOf(long datastreamId, int partitions) {
    return (int) Math.floorMod(datastreamId, (long) partitions);
  }

  /**
   * Delivers the observations of {@code partition} with an id above {@code afterId} to {@code
   * consumer}, in id order, on one thread, until {@link #unsubscribe}: first those already
   * committed (catch-up), then each as it is committed.
   *
   * @throws IllegalStateException if the partition has a subscriber already
   */
  void subscribe(int partition, long afterId, PartitionConsumer consumer);

  /**
   * Stops delivering {@code partition}; when this returns, its consumer is not called any more and
   * is not being called. Does nothing for a partition without subscriber.
   */
  void unsubscribe(int partition);

  /** Stops every subscription. */
  @Override
  void close();
}
