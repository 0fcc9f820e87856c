package org.civitas.devices.health;

import java.time.Instant;
import java.util.Objects;

/**
 * One problem a health check found.
 *
 * @param state what is wrong (never {@link HealthState#OK})
 * @param datastreamId the Datastream the values come from, or null when it concerns the device as a
 *     whole (silence)
 * @param since when it began, as far as the data shows
 * @param detail one sentence for the operator, with the figures that led to it
 */
public record Finding(HealthState state, Long datastreamId, Instant since, String detail) {
  public Finding {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(detail, "detail");
    if (state == HealthState.OK) {
      throw new IllegalArgumentException("a finding names a problem, not OK");
    }
  }
}
