package org.civitas.rules.stream;

import java.time.Instant;

/**
 * One committed Observation of a Datastream, as rules evaluate it.
 *
 * @param observationId its id: the position in the stream a checkpoint records
 * @param datastreamId its Datastream, which decides its partition
 * @param phenomenonTime the start of its phenomenonTime (event time)
 * @param number its result when that is a number, else NaN
 * @param json its result as JSON text when it is not a number (a GeoJSON Point), else null
 * @param enqueuedNanos {@link System#nanoTime()} when the stream took it, for latency figures; 0
 *     when read back from the log
 */
public record ObservationEvent(
    long observationId,
    long datastreamId,
    Instant phenomenonTime,
    double number,
    String json,
    long enqueuedNanos) {}
