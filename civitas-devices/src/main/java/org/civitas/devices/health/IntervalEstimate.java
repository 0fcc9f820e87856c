package org.civitas.devices.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civitas.timeseries.Bucket;

/**
 * Learns how often a device reports from the buckets of its readings, for devices whose interval
 * was not configured. Buckets are what the time-series index serves cheaply; raw arrival times are
 * not kept.
 */
public final class IntervalEstimate {
  private IntervalEstimate() {}

  /**
   * The typical interval between readings: the bucket width divided by the median readings per
   * non-empty bucket when buckets hold several, otherwise the median gap between non-empty buckets
   * (a device reporting every 6 h into hourly buckets). Empty with fewer than 3 non-empty buckets.
   *
   * @param buckets in time order
   */
  public static Optional<Duration> learn(List<Bucket> buckets, Duration width) {
    if (buckets.size() < 3) {
      return Optional.empty();
    }
    List<Double> counts = new ArrayList<>();
    for (Bucket bucket : buckets) {
      counts.add((double) bucket.count());
    }
    double perBucket = Stats.median(counts);
    if (perBucket >= 2) {
      return Optional.of(Duration.ofMillis(Math.round(width.toMillis() / perBucket)));
    }
    List<Double> gaps = new ArrayList<>();
    for (int i = 1; i < buckets.size(); i++) {
      gaps.add(
          (double) Duration.between(buckets.get(i - 1).start(), buckets.get(i).start()).toMillis());
    }
    return Optional.of(Duration.ofMillis(Math.round(Stats.median(gaps))));
  }
}
