package org.civitas.rules.notify;

import java.time.Duration;

/**
 * How deliveries are retried and how often the queue is looked at.
 *
 * @param maxAttempts attempts before a delivery is dead-lettered, unless its channel says
 * @param backoffBase the wait after the first failure; it doubles per failure, up to {@code
 *     backoffMax}, and a random half of it is taken off (jitter, so that failed receivers are not
 *     hit in step)
 * @param tick how often due deliveries and unacknowledged alarms are checked
 */
public record NotifySettings(
    int maxAttempts, Duration backoffBase, Duration backoffMax, Duration tick) {
  public static final NotifySettings DEFAULT =
      new NotifySettings(5, Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(1));

  public NotifySettings {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    if (backoffBase.isNegative() || backoffMax.compareTo(backoffBase) < 0 || !tick.isPositive()) {
      throw new IllegalArgumentException("back-off must be 0 <= base <= max and tick positive");
    }
  }

  /** The wait after failed attempt {@code n} (from 1), before jitter: base·2^(n−1), capped. */
  Duration backoff(int attempt) {
    Duration wait = backoffBase;
    for (int i = 1; i < attempt && wait.compareTo(backoffMax) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(backoffMax) > 0 ? backoffMax : wait;
  }
}
