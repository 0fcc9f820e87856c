package org.civitas.devices.codec;

import java.time.Instant;
import java.util.Objects;

/**
 * One value a codec read from a device payload, before it is matched to a Datastream.
 *
 * @param field the name the device's profile gives the value ({@code temperature}, {@code fill}, or
 *     a Cayenne LPP name such as {@code temperature_3} for channel 3)
 * @param value a {@link Number}, {@link Boolean}, {@link String}, or an unmodifiable {@code
 *     Map<String, Object>} of these (a GPS fix: {@code latitude}, {@code longitude}, {@code
 *     altitude})
 * @param unit the UCUM symbol of {@code value} ({@code Cel}, {@code %}, {@code hPa}), or null when
 *     it has none
 * @param measuredAt when the device says it measured this value (a time carried in the payload), or
 *     null when the payload does not say; the uplink's own times apply then
 */
public record Reading(String field, Object value, String unit, Instant measuredAt) {

  /** A reading whose payload carries no time of its own. */
  public Reading(String field, Object value, String unit) {
    this(field, value, unit, null);
  }

  public Reading {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(value, "value");
    if (field.isBlank()) {
      throw new IllegalArgumentException("a reading's field must not be blank");
    }
  }
}
