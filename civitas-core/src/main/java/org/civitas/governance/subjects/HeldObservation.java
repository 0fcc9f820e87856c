package org.civitas.governance.subjects;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One stored Observation as an access export shows it: its times and result as stored.
 *
 * @param id the Observation's {@code @iot.id}
 * @param phenomenonTimeStart when it was observed (the start of an interval)
 * @param phenomenonTimeEnd the end, for an interval
 * @param resultTime when the result was produced, if known
 * @param resultNumber a numeric result
 * @param resultJson any other result, as JSON text
 */
public record HeldObservation(
    long id,
    Instant phenomenonTimeStart,
    Optional<Instant> phenomenonTimeEnd,
    Optional<Instant> resultTime,
    Optional<Double> resultNumber,
    Optional<String> resultJson) {

  public HeldObservation {
    Objects.requireNonNull(phenomenonTimeStart, "phenomenonTimeStart");
    Objects.requireNonNull(phenomenonTimeEnd, "phenomenonTimeEnd");
    Objects.requireNonNull(resultTime, "resultTime");
    Objects.requireNonNull(resultNumber, "resultNumber");
    Objects.requireNonNull(resultJson, "resultJson");
  }
}
