package org.civitas.devices.health;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The robust statistics the checks share. */
final class Stats {
  private Stats() {}

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the median of no values");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** The median absolute deviation from the median: a spread that one wild value cannot inflate. */
  static double mad(List<Double> values) {
    double median = median(values);
    List<Double> deviations = new ArrayList<>();
    for (double value : values) {
      deviations.add(Math.abs(value - median));
    }
    return median(deviations);
  }
}
