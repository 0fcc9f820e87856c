package org.civitas.simulator.device;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one device reports at one simulated instant, ready for a protocol client to encode.
 *
 * @param deviceId the reporting device's id
 * @param time the simulated instant of the measurement
 * @param fields the values by {@link DatastreamSpec#field()}, in the device's datastream order: a
 *     {@link Double} or {@link Integer} in the datastream's unit, a {@link Boolean}, or for a
 *     position an unmodifiable map of {@code longitude} and {@code latitude} in degrees
 */
public record Reading(String deviceId, Instant time, Map<String, Object> fields) {
  public Reading {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(time, "time");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** A numeric field as a double; fails when the field is missing or not a number. */
  public double number(String field) {
    if (fields.get(field) instanceof Number n) {
      return n.doubleValue();
    }
    throw new IllegalArgumentException(
        "reading of " + deviceId + " has no numeric field " + field + ": " + fields);
  }
}
