package org.civitas.devices.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient the health checks are. The defaults suit city sensors that report every few minutes
 * to every few hours; every figure is relative to a device's expected reporting interval, so one
 * policy serves a bus GPS every 10 s and a flood gauge every 15 min alike.
 *
 * @param silentAfterIntervals a device is silent once it missed this many expected reports
 * @param minimumSilence never call a device silent sooner than this (network jitter, a gateway
 *     restart)
 * @param stuckAfterIntervals a value unchanged for this many expected reports is stuck ...
 * @param stuckMinimumReadings ... if at least this many readings repeated it
 * @param driftMinimumPoints buckets in which both the device and its neighbours reported, needed
 *     before drift is judged
 * @param driftMinimumNeighbours neighbours of the same kind needed to judge drift
 * @param driftTolerance how far from the neighbours' median a device may be, as a multiple of the
 *     neighbours' own spread (median absolute deviation)
 */
public record HealthPolicy(
    int silentAfterIntervals,
    Duration minimumSilence,
    int stuckAfterIntervals,
    int stuckMinimumReadings,
    int driftMinimumPoints,
    int driftMinimumNeighbours,
    double driftTolerance) {

  public static final HealthPolicy DEFAULT =
      new HealthPolicy(3, Duration.ofMinutes(5), 24, 6, 12, 2, 4.0);

  public HealthPolicy {
    Objects.requireNonNull(minimumSilence, "minimumSilence");
    if (silentAfterIntervals < 1 || stuckAfterIntervals < 1 || stuckMinimumReadings < 2) {
      throw new IllegalArgumentException(
          "silentAfterIntervals and stuckAfterIntervals must be >= 1, stuckMinimumReadings >= 2");
    }
    if (driftMinimumPoints < 3 || driftMinimumNeighbours < 1 || !(driftTolerance > 0)) {
      throw new IllegalArgumentException(
          "drift needs >= 3 points, >= 1 neighbour and a positive tolerance");
    }
  }
}
