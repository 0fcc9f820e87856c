package org.civitas.simulator.city;

/**
 * An equirectangular projection around the city centre: exact enough over a city's 15 km and, being
 * affine, it keeps straight lines straight and convex polygons convex, so a polygon built on the
 * plane is the same polygon in degrees.
 */
public record LocalProjection(GeoPoint origin) {
  private static final double KM_PER_DEGREE_LAT = 111.32;

  public PlanarPoint toPlane(GeoPoint point) {
    return new PlanarPoint(
        (point.lon() - origin.lon()) * kmPerDegreeLon(),
        (point.lat() - origin.lat()) * KM_PER_DEGREE_LAT);
  }

  public GeoPoint toGeo(PlanarPoint point) {
    return new GeoPoint(
        origin.lon() + point.x() / kmPerDegreeLon(), origin.lat() + point.y() / KM_PER_DEGREE_LAT);
  }

  private double kmPerDegreeLon() {
    return KM_PER_DEGREE_LAT * Math.cos(Math.toRadians(origin.lat()));
  }
}
