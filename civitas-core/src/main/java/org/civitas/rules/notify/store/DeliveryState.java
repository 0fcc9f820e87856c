package org.civitas.rules.notify.store;

/**
 * Where a delivery stands: PENDING until sent (or due again after a failure, or held by quiet
 * hours: then its next attempt is when they end), DELIVERED, or DEAD (dead-lettered after its last
 * allowed attempt failed; a retry from the log makes it PENDING again).
 */
public enum DeliveryState {
  PENDING,
  DELIVERED,
  DEAD
}
