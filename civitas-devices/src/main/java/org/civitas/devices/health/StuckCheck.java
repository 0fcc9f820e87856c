package org.civitas.devices.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.civitas.timeseries.Bucket;

/**
 * Finds a Datastream whose value has not changed for far longer than its quantity stays constant: a
 * frozen sensor that still reports. Quantities that may stay constant (an occupancy bit) are never
 * stuck.
 */
public final class StuckCheck {
  private final HealthPolicy policy;

  public StuckCheck(HealthPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param buckets the Datastream's recent buckets in time order
   * @param width the buckets' width
   * @param expected the device's reporting interval
   */
  public Optional<Finding> assess(
      long datastreamId,
      List<Bucket> buckets,
      Duration width,
      Duration expected,
      PlausibleRange range) {
    if (range.constantAllowed() || buckets.isEmpty()) {
      return Optional.empty();
    }
    Bucket newest = buckets.getLast();
    if (newest.min() != newest.max()) {
      return Optional.empty();
    }
    double value = newest.min();
    long readings = 0;
    Instant runStart = newest.start();
    for (int i = buckets.size() - 1; i >= 0; i--) {
      Bucket bucket = buckets.get(i);
      if (bucket.min() != value || bucket.max() != value) {
        break;
      }
      readings += bucket.count();
      runStart = bucket.start();
    }
    Duration span = Duration.between(runStart, newest.start().plus(width));
    Duration needed = expected.multipliedBy(policy.stuckAfterIntervals());
    if (readings < policy.stuckMinimumReadings() || span.compareTo(needed) < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            HealthState.STUCK,
            datastreamId,
            runStart,
            "the same value "
                + value
                + " in "
                + readings
                + " readings over "
                + SilenceCheck.human(span)
                + " (stuck after "
                + SilenceCheck.human(needed)
                + ")"));
  }
}
