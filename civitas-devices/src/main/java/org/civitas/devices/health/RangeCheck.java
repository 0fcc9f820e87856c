package org.civitas.devices.health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.civitas.timeseries.Bucket;

/** Finds a Datastream whose latest values lie outside what its quantity can physically be. */
public final class RangeCheck {

  /**
   * @param buckets the Datastream's recent buckets in time order; the newest decides, and the
   *     finding starts where the run of implausible buckets began
   */
  public Optional<Finding> assess(long datastreamId, List<Bucket> buckets, PlausibleRange range) {
    if (buckets.isEmpty() || plausible(buckets.getLast(), range)) {
      return Optional.empty();
    }
    Bucket newest = buckets.getLast();
    Instant since = newest.start();
    for (int i = buckets.size() - 1; i >= 0 && !plausible(buckets.get(i), range); i--) {
      since = buckets.get(i).start();
    }
    double worst = newest.max() > range.max() ? newest.max() : newest.min();
    return Optional.of(
        new Finding(
            HealthState.OUT_OF_RANGE,
            datastreamId,
            since,
            "value " + worst + " outside the plausible " + range.min() + " to " + range.max()));
  }

  private static boolean plausible(Bucket bucket, PlausibleRange range) {
    return range.contains(bucket.min()) && range.contains(bucket.max());
  }
}
