package org.civitas.rules.store;

import java.time.Instant;

/**
 * A committed Observation of a Datastream as the rules engine reads it back from the observation
 * table when it catches up: only what rules evaluate.
 *
 * @param id the Observation's id
 * @param datastreamId its Datastream
 * @param phenomenonTime the start of its phenomenonTime
 * @param number its result when the result is a number, else NaN
 * @param json its result as JSON text when it is not a number (a GeoJSON Point), else null
 */
public record LoggedObservation(
    long id, long datastreamId, Instant phenomenonTime, double number, String json) {}
