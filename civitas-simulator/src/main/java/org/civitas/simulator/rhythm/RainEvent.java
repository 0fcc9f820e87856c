package org.civitas.simulator.rhythm;

import java.time.Duration;
import java.time.Instant;

/**
 * A heavy downpour planted in the weather (a flood scenario needs one at a known time).
 *
 * @param start when it begins
 * @param duration how long it lasts
 * @param mmPerHour its intensity
 */
public record RainEvent(Instant start, Duration duration, double mmPerHour) {
  public boolean covers(Instant time) {
    return !time.isBefore(start) && time.isBefore(start.plus(duration));
  }
}
