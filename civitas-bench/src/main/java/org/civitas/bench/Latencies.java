package org.civitas.bench;

import java.util.Arrays;

/** Collects latencies in nanoseconds and reports percentiles in milliseconds. */
final class Latencies {
  private long[] samples = new long[1024];
  private int size;

  synchronized void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  /** Adds all of {@code other}'s samples: each load-generating thread keeps its own. */
  synchronized void addAll(Latencies other) {
    synchronized (other) {
      for (int i = 0; i < other.size; i++) {
        add(other.samples[i]);
      }
    }
  }

  synchronized int count() {
    return size;
  }

  /** The p-th percentile (0 < p <= 100) in milliseconds, nearest-rank. */
  synchronized double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1_000_000.0;
  }
}
