package org.civitas.timeseries;

import java.time.Instant;

/**
 * The aggregate of the numeric results of one Datastream over one time bucket. Only buckets that
 * hold observations are returned; non-numeric results are not counted.
 *
 * @param start the start of the bucket (inclusive); it ends where the next width begins
 */
public record Bucket(Instant start, long count, double min, double max, double mean, double sum) {}
