package org.civitas.governance.retention;

import java.time.Instant;

/**
 * What is left of one hour of a Datastream's numeric Observations once they were downsampled: no
 * single result, no subject, no Observation id.
 *
 * @param datastreamId the Datastream
 * @param hour the start of the hour (UTC) the phenomenonTimes fell in
 * @param count how many numeric results it summarises
 * @param min the smallest
 * @param max the largest
 * @param mean their arithmetic mean
 */
public record HourlyAggregate(
    long datastreamId, Instant hour, long count, double min, double max, double mean) {}
