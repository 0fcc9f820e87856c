package org.civitas.app;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.civitas.error.InvalidInputException;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.client.SimulationRunner;
import picocli.CommandLine.Option;

/**
 * The options of the simulated city shared by {@code civitas demo} and {@code civitas simulate}.
 * Where the two commands differ in a default ({@code --speed}, {@code --backfill}), the option is
 * null when not given and the command supplies its own.
 */
final class SimulatorOptions {

  @Option(
      names = "--speed",
      paramLabel = "N",
      description =
          "Simulated seconds per real second, 1-3600 (default: 1 for demo, in step with the"
              + " platform's clock; 60 for simulate). Above 1 the city runs ahead of the clock:"
              + " its readings are dated in the future.")
  Integer speed;

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
          "Simulated instant the run starts at, e.g. 2026-03-01T23:00:00Z (default: now minus"
              + " --backfill; planted faults are timed from it). Not with --backfill.")
  Instant start;

  @Option(
      names = "--backfill",
      paramLabel = "DURATION",
      description =
          "Start this long ago, e.g. 30h, 2d or PT36H (0: none; default: "
              + DemoCommand.DEFAULT_BACKFILL_TEXT
              + " for demo, 0 for simulate): that period is replayed as fast as the platform takes"
              + " it, planted faults included, then the city goes on from now at --speed.")
  String backfill;

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
    return duration == null ? null : duration(duration, "duration");
  }

  /** {@code --speed}, or the command's default when it was not given. */
  int speed(int commandDefault) {
    return speed != null ? speed : commandDefault;
  }

  /** Whether {@code --backfill} was given with more than nothing. */
  boolean backfillGiven() {
    return backfill != null && !duration(backfill, "backfill").isZero();
  }

  /** {@code --backfill}, or the command's default when it was not given; never negative. */
  Duration backfill(Duration commandDefault) {
    return backfill != null ? duration(backfill, "backfill") : commandDefault;
  }

  /**
   * A duration as the options take it: ISO 8601 ({@code PT36H}, {@code P2D}), or a number with a
   * unit {@code s}, {@code m}, {@code h} or {@code d} ({@code 90s}, {@code 36h}, {@code 2d}), or
   * {@code 0}.
   */
  static Duration duration(String text, String option) {
    String upper = text.trim().toUpperCase(Locale.ROOT);
    Duration parsed;
    try {
      if (upper.equals("0")) {
        parsed = Duration.ZERO;
      } else if (upper.startsWith("P")) {
        parsed = Duration.parse(upper);
      } else if (upper.endsWith("D")) {
        parsed = Duration.parse("P" + upper);
      } else {
        parsed = Duration.parse("PT" + upper);
      }
    } catch (DateTimeParseException e) {
      parsed = null;
    }
    if (parsed == null || parsed.isNegative()) {
      throw new InvalidInputException(
          "--" + option + " is a duration such as 90s, 60m, 36h, 2d or PT1H, was " + text, option);
    }
    return parsed;
  }
}
