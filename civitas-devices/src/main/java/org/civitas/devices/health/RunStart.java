package org.civitas.devices.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.civitas.timeseries.Bucket;
import org.civitas.timeseries.BucketWidth;

/**
 * Finds where a run of suspect buckets (one frozen value, implausible values) really began when it
 * fills the whole assessment window, so that "since when" does not creep forward with the window: a
 * sensor stuck for a week is reported stuck since a week ago, not since 48 hours ago. It reads
 * daily buckets back to {@link #LOOK_BACK} and then hourly buckets of the day the run began in: at
 * most two more index range reads per such finding, never a scan.
 */
final class RunStart {
  /** How far before the window a run is followed. */
  static final Duration LOOK_BACK = Duration.ofDays(90);

  /** The buckets of one Datastream in {@code [from, to)} at a width. */
  @FunctionalInterface
  interface Buckets {
    List<Bucket> read(Instant from, Instant to, BucketWidth width);
  }

  private RunStart() {}

  /**
   * @param windowStart where the assessment window starts (on the hour)
   * @param inWindow when the run starts as far as the window shows
   * @param belongs whether a bucket is part of the run
   * @return the start of the run, no later than {@code inWindow}
   */
  static Instant before(
      Buckets buckets, Instant windowStart, Instant inWindow, Predicate<Bucket> belongs) {
    List<Bucket> days = buckets.read(windowStart.minus(LOOK_BACK), windowStart, BucketWidth.DAY);
    int i = days.size() - 1;
    Instant earliestDay = null;
    while (i >= 0 && belongs.test(days.get(i))) {
      earliestDay = days.get(i).start();
      i--;
    }
    if (earliestDay == null && i < 0) {
      return inWindow;
    }
    // The run began inside the day that broke it, or in the earliest day that matched whole: read
    // those hours to find the hour.
    Instant refineFrom = i >= 0 ? days.get(i).start() : earliestDay;
    Instant refineTo = earliestDay != null ? earliestDay.plus(Duration.ofDays(1)) : windowStart;
    if (refineTo.isAfter(windowStart)) {
      refineTo = windowStart;
    }
    List<Bucket> hours = buckets.read(refineFrom, refineTo, BucketWidth.HOUR);
    Instant since = earliestDay != null ? earliestDay : inWindow;
    for (int j = hours.size() - 1; j >= 0 && belongs.test(hours.get(j)); j--) {
      since = hours.get(j).start();
    }
    return since.isBefore(inWindow) ? since : inWindow;
  }
}
