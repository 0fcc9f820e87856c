package org.civitas.simulator.random;

import java.nio.charset.StandardCharsets;

/**
 * The simulation's one source of randomness: a counter-based generator, so that a value is a pure
 * function of the seed and its keys (a device, a quantity, an instant) rather than of how many
 * values were drawn before it. Two runs with one seed therefore produce the same readings in any
 * order, and adding a device leaves every other device's readings unchanged.
 *
 * <p>Immutable and thread-safe.
 */
public final class RandomStreams {
  private final long seed;

  public RandomStreams(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** A stable 64-bit key for a name (FNV-1a over its UTF-8 bytes), the same in every JVM. */
  public static long key(String name) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** A uniform value in [0, 1) determined by the seed and the three keys. */
  public double uniform(long a, long b, long c) {
    long h = mix(seed ^ mix(a + 0x9e3779b97f4a7c15L));
    h = mix(h ^ mix(b + 0x632be59bd9b4e019L));
    h = mix(h ^ mix(c + 0x85157af5L));
    return (h >>> 11) * 0x1.0p-53;
  }

  /** A standard normal value (mean 0, deviation 1) determined by the seed and the three keys. */
  public double gaussian(long a, long b, long c) {
    double u1 = uniform(a, b, c);
    double u2 = uniform(a, ~b, c);
    // Box-Muller; 1 - u1 is in (0, 1], so the logarithm is finite.
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** A sequential generator for one named purpose (placing devices, planting faults). */
  public Sequence sequence(String purpose) {
    return new Sequence(mix(seed ^ key(purpose)));
  }

  /** SplitMix64's finaliser: a bijective avalanche of 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
