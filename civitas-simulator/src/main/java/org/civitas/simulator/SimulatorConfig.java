package org.civitas.simulator;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.simulator.fault.FaultKind;

/**
 * The settings of one simulation.
 *
 * @param seed the seed of every random value: the same seed gives the same city devices and
 *     readings (default {@value #DEFAULT_SEED})
 * @param start the simulated instant the run starts at, which planted faults are timed from
 *     (default {@link #DEFAULT_START}, a Monday midnight in the city)
 * @param scale how many devices, relative to the default few hundred (0.1-50, default 1)
 * @param faults which faults to plant (default all; empty for a healthy city)
 */
public record SimulatorConfig(long seed, Instant start, double scale, Set<FaultKind> faults) {
  public static final long DEFAULT_SEED = 20_260_301L;
  public static final Instant DEFAULT_START = Instant.parse("2026-03-01T23:00:00Z");
  public static final double MAX_SCALE = 50;

  public SimulatorConfig {
    if (start == null) {
      throw new InvalidInputException("start must be an instant, was missing", "start");
    }
    if (!(scale >= 0.1 && scale <= MAX_SCALE)) {
      throw new InvalidInputException(
          "scale must be between 0.1 and " + MAX_SCALE + ", was " + scale, "scale");
    }
    faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
  }

  public static SimulatorConfig defaults() {
    return new SimulatorConfig(DEFAULT_SEED, DEFAULT_START, 1, EnumSet.allOf(FaultKind.class));
  }

  public SimulatorConfig withSeed(long newSeed) {
    return new SimulatorConfig(newSeed, start, scale, faults);
  }

  public SimulatorConfig withStart(Instant newStart) {
    return new SimulatorConfig(seed, newStart, scale, faults);
  }

  public SimulatorConfig withScale(double newScale) {
    return new SimulatorConfig(seed, start, newScale, faults);
  }

  public SimulatorConfig withFaults(Set<FaultKind> newFaults) {
    return new SimulatorConfig(seed, start, scale, newFaults);
  }
}
