package org.civitas.simulator.city;

/**
 * A position in WGS 84 degrees, in GeoJSON's order.
 *
 * @param lon longitude, east positive
 * @param lat latitude, north positive
 */
public record GeoPoint(double lon, double lat) {
  public GeoPoint {
    if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90)) {
      throw new IllegalArgumentException(
          "a position needs lon in [-180, 180] and lat in [-90, 90], was " + lon + ", " + lat);
    }
  }
}
