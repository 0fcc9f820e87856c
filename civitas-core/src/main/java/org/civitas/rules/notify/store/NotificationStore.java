package org.civitas.rules.notify.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.civitas.sensing.model.Json;

/**
 * The storage API of notification channels and deliveries; the JDBC implementation of {@code
 * civitas-storage} serves both engines. Deliveries are durable: one enqueued before a restart is
 * still due after it. Thread-safe; every call is its own transaction.
 */
public interface NotificationStore {

  /** Creates or replaces the channel {@code name}; its definition is a JSON object. */
  void saveChannel(String name, Json definition);

  Optional<Json> findChannel(String name);

  /** Every channel's definition by name, ordered by name. */
  List<Json> channels();

  /**
   * Deletes a channel and its delivery log.
   *
   * @return false when there was none
   */
  boolean deleteChannel(String name);

  /**
   * Queues a delivery, due at {@code dueAt}.
   *
   * @throws org.civitas.error.InvalidInputException naming {@code channel} when it does not exist
   */
  Delivery enqueue(
      String channel, long alarmId, String event, Json payload, Instant createdAt, Instant dueAt);

  /** Up to {@code limit} PENDING deliveries due at {@code now}, soonest first. */
  List<Delivery> due(Instant now, int limit);

  Optional<Delivery> findDelivery(long id);

  /** One channel's deliveries, newest first, only those in {@code state} unless null. */
  List<Delivery> deliveries(String channel, DeliveryState state, int skip, int top);

  /**
   * Records an attempt and moves the delivery on: DELIVERED when it succeeded, else PENDING due at
   * {@code nextAt}, or DEAD when {@code nextAt} is null.
   */
  Delivery recordAttempt(long id, DeliveryAttempt attempt, Instant nextAt);

  /**
   * Makes a delivery PENDING again, due at {@code at} (its attempts so far stay in the log).
   *
   * @throws org.civitas.error.NotFoundException when there is no such delivery
   * @throws org.civitas.error.ConflictException naming {@code state} when it was delivered
   */
  Delivery retry(long id, Instant at);
}
