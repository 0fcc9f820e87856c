package org.civitas.city;

import java.util.Objects;
import org.civitas.sensing.model.Json;

/**
 * One district of the city: the area a device's {@code district} names and the equity analytics
 * compare.
 *
 * @param name unique in the city, 1 to 200 characters, not blank; what devices name as their
 *     district
 * @param geometry its boundary as a GeoJSON (RFC 7946) Polygon or MultiPolygon geometry object, as
 *     text; the HTTP edge checks its shape before it reaches this record
 * @param properties a JSON object of what else is known about it (population, median income,
 *     deprivation index...), {@code name} not included; {@code {}} when nothing is
 */
public record District(String name, Json geometry, Json properties) {
  public static final int MAX_NAME_LENGTH = 200;

  public District {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(geometry, "geometry");
    Objects.requireNonNull(properties, "properties");
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(
          "a district name is 1 to " + MAX_NAME_LENGTH + " characters, not blank, was " + name);
    }
  }
}
