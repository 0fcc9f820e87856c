package org.civitas.simulator.random;

/**
 * A SplitMix64 sequence: each call advances it. Used where values are drawn once in a fixed order
 * (where to place the devices of a kind, which devices get a fault), never for readings.
 *
 * <p>Not thread-safe.
 */
public final class Sequence {
  private long state;

  Sequence(long state) {
    this.state = state;
  }

  /** A uniform value in [0, 1). */
  public double nextDouble() {
    state += 0x9e3779b97f4a7c15L;
    return (RandomStreams.mix(state) >>> 11) * 0x1.0p-53;
  }

  /** A uniform value in [0, bound). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, was " + bound);
    }
    return (int) (nextDouble() * bound);
  }

  /** A uniform value in [from, to). */
  public double between(double from, double to) {
    return from + (to - from) * nextDouble();
  }
}
