package org.civitas.app;

import java.time.Duration;
import java.time.Instant;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.client.SimulationRunner;
import picocli.CommandLine.Option;

/**
 * The options of the simulated city shared by {@code civitas demo} and {@code civitas simulate}.
 */
final class SimulatorOptions {

  @Option(
      names = "--speed",
      paramLabel = "N",
      description = "Simulated seconds per real second, 1-3600 (default: ${DEFAULT-VALUE}).",
      defaultValue = "60")
  int speed;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Seed of the city, its devices and readings (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + SimulatorConfig.DEFAULT_SEED)
  long seed;

  @Option(
      names = "--start",
      paramLabel = "INSTANT",
      description =
          "Simulated instant the run starts at, e.g. 2026-03-01T23:00:00Z (default: now; planted"
              + " faults are timed from it).")
  Instant start;

  @Option(
      names = "--scale",
      paramLabel = "X",
      description = "Devices relative to the default 324, 0.1-50 (default: ${DEFAULT-VALUE}).",
      defaultValue = "1")
  double scale;

  @Option(
      names = "--replay",
      paramLabel = "FROM/TO",
      description =
          "Instead of pacing: send every reading from FROM to TO (ISO instants) as fast as the"
              + " platform takes them, then stop.")
  String replay;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      description =
          "Stop after this much real time, e.g. 60m or PT1H (default: run until stopped).")
  String duration;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      description = "Readings sent but not yet acknowledged at most (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + SimulationRunner.DEFAULT_MAX_IN_FLIGHT)
  int maxInFlight;

  /** The real-time limit of {@code --duration}; null when there is none. */
  Duration realLimit() {
    if (duration == null) {
      return null;
    }
    String text = duration.trim().toUpperCase(java.util.Locale.ROOT);
    try {
      return Duration.parse(text.startsWith("P") ? text : "PT" + text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new org.civitas.error.InvalidInputException(
          "--duration is a duration such as 60m, 90s or PT1H, was " + duration, "duration");
    }
  }
}
