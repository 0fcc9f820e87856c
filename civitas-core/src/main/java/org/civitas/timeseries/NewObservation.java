package org.civitas.timeseries;

import java.time.Instant;
import java.util.Objects;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;

/**
 * An Observation ready to be stored: validated, with its FeatureOfInterest already resolved.
 *
 * @param stream the Datastream or MultiDatastream it belongs to
 * @param featureOfInterestId the FeatureOfInterest it observes
 * @param phenomenonTime when the observed phenomenon happened
 * @param resultTime when the result was produced, or null
 * @param result the result as JSON (a number, a string, an object...); numbers are also stored as
 *     such for aggregation
 * @param resultQuality nullable
 * @param validTime nullable
 * @param parameters nullable
 */
public record NewObservation(
    ObservationStream stream,
    long featureOfInterestId,
    TimeValue phenomenonTime,
    Instant resultTime,
    Json result,
    Json resultQuality,
    TimeValue.Interval validTime,
    Json parameters) {

  public NewObservation {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(phenomenonTime, "phenomenonTime");
    Objects.requireNonNull(result, "result");
  }
}
