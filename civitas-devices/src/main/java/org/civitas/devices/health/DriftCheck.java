package org.civitas.devices.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.timeseries.Bucket;

/**
 * Finds a sensor that departs more and more from its neighbours of the same kind (the same
 * ObservedProperty nearby): an ageing electrochemical NO2 cell, a fouled water probe. Weather and
 * traffic move all neighbours together, so the device is compared with their median bucket by
 * bucket; what is left (the residual) should stay near zero. A residual that grew beyond the
 * tolerance over the window is drift; a sensor that was always off by the same amount is
 * mis-calibrated, not drifting, and is left alone here.
 */
public final class DriftCheck {
  private final HealthPolicy policy;

  public DriftCheck(HealthPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param own the device's buckets in time order
   * @param neighbours each neighbour's buckets of the same width, aligned by bucket start
   */
  public Optional<Finding> assess(
      long datastreamId, List<Bucket> own, List<List<Bucket>> neighbours) {
    Map<Instant, List<Double>> neighbourMeans = new HashMap<>();
    for (List<Bucket> neighbour : neighbours) {
      for (Bucket bucket : neighbour) {
        neighbourMeans
            .computeIfAbsent(bucket.start(), start -> new ArrayList<>())
            .add(bucket.mean());
      }
    }
    List<Instant> times = new ArrayList<>();
    List<Double> residuals = new ArrayList<>();
    List<Double> spreads = new ArrayList<>();
    List<Double> levels = new ArrayList<>();
    for (Bucket bucket : own) {
      List<Double> means = neighbourMeans.get(bucket.start());
      if (means == null || means.size() < policy.driftMinimumNeighbours()) {
        continue;
      }
      double median = Stats.median(means);
      times.add(bucket.start());
      residuals.add(bucket.mean() - median);
      spreads.add(Stats.mad(means));
      levels.add(Math.abs(median));
    }
    if (residuals.size() < policy.driftMinimumPoints()) {
      return Optional.empty();
    }
    // Neighbours that agree closely would make any difference look like drift: the tolerance
    // never falls below 2 % of the level measured.
    double tolerance =
        Math.max(
            policy.driftTolerance() * Stats.median(spreads),
            Math.max(0.02 * Stats.median(levels), 1e-9));
    Instant origin = times.getFirst();
    double[] hours = new double[times.size()];
    for (int i = 0; i < hours.length; i++) {
      hours[i] = Duration.between(origin, times.get(i)).toSeconds() / 3600.0;
    }
    Line fit = Line.fit(hours, residuals);
    double first = fit.at(hours[0]);
    double last = fit.at(hours[hours.length - 1]);
    if (Math.abs(last) <= tolerance || Math.abs(last) - Math.abs(first) < tolerance / 2) {
      return Optional.empty();
    }
    double threshold = Math.signum(last) * tolerance;
    double crossing = fit.slope() == 0 ? hours[0] : (threshold - fit.intercept()) / fit.slope();
    double clamped = Math.max(hours[0], Math.min(hours[hours.length - 1], crossing));
    Instant since = origin.plusSeconds(Math.round(clamped * 3600));
    // A straight line through "flat, then departing" crosses the tolerance before the sensor
    // departed; when the latest residuals are beyond it, the drift began where that run began.
    int run = residuals.size();
    while (run > 0
        && Math.signum(residuals.get(run - 1)) == Math.signum(last)
        && Math.abs(residuals.get(run - 1)) > tolerance) {
      run--;
    }
    if (run < residuals.size()) {
      since = times.get(run);
    }
    return Optional.of(
        new Finding(
            HealthState.DRIFTING,
            datastreamId,
            since,
            "%+.3g from the median of its neighbours now (was %+.3g), tolerance %.3g, over %d buckets"
                .formatted(last, first, tolerance, residuals.size())));
  }

  /** A least-squares straight line. */
  record Line(double intercept, double slope) {
    double at(double x) {
      return intercept + slope * x;
    }

    static Line fit(double[] x, List<Double> y) {
      int n = x.length;
      double meanX = 0;
      double meanY = 0;
      for (int i = 0; i < n; i++) {
        meanX += x[i];
        meanY += y.get(i);
      }
      meanX /= n;
      meanY /= n;
      double covariance = 0;
      double variance = 0;
      for (int i = 0; i < n; i++) {
        covariance += (x[i] - meanX) * (y.get(i) - meanY);
        variance += (x[i] - meanX) * (x[i] - meanX);
      }
      double slope = variance == 0 ? 0 : covariance / variance;
      return new Line(meanY - slope * meanX, slope);
    }
  }
}
