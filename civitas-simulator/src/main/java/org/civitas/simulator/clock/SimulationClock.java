package org.civitas.simulator.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.civitas.error.InvalidInputException;

/**
 * Maps simulated time to real time: either paced, running {@code speed} times faster than the real
 * clock from a chosen start, or a replay that runs through a period as fast as it can.
 */
public sealed interface SimulationClock {
  /** The fastest pace: one simulated hour per real second. */
  int MAX_SPEED = 3600;

  /** The simulated instant the run starts at. */
  Instant start();

  /** How long, in real time, until the simulated instant is due; zero when it already is. */
  Duration realDelayUntil(Instant simulated);

  /**
   * A clock that starts now (per {@code real}) at the simulated {@code start} and runs {@code
   * speed} simulated seconds per real second (1-3600; 60 = a simulated minute per second).
   */
  static Paced paced(Instant start, int speed, Clock real) {
    return paced(start, speed, real, real.instant());
  }

  /**
   * A paced clock whose simulated {@code start} was (or will be) due at the real instant {@code
   * realStart}. With {@code realStart} equal to {@code start} and speed 1, simulated time is the
   * real time: what a run from the past owes until now is due at once, then it runs in step.
   */
  static Paced paced(Instant start, int speed, Clock real, Instant realStart) {
    if (speed < 1 || speed > MAX_SPEED) {
      throw new InvalidInputException(
          "speed must be between 1 and "
              + MAX_SPEED
              + " simulated seconds per second, was "
              + speed,
          "speed");
    }
    return new Paced(start, speed, real, realStart);
  }

  /** A replay from {@code start}: every reading is due at once. */
  static Replay replay(Instant start) {
    return new Replay(start);
  }

  /** Simulated time runs {@code speed} times as fast as {@code real} since {@code realStart}. */
  record Paced(Instant start, int speed, Clock real, Instant realStart) implements SimulationClock {
    /** The simulated instant now. */
    public Instant now() {
      Duration elapsed = Duration.between(realStart, real.instant());
      return start.plus(elapsed.multipliedBy(speed));
    }

    @Override
    public Duration realDelayUntil(Instant simulated) {
      Duration ahead = Duration.between(now(), simulated);
      return ahead.isNegative() ? Duration.ZERO : ahead.dividedBy(speed);
    }
  }

  /** As fast as possible: the scheduler's next reading is always due. */
  record Replay(Instant start) implements SimulationClock {
    @Override
    public Duration realDelayUntil(Instant simulated) {
      return Duration.ZERO;
    }
  }
}
