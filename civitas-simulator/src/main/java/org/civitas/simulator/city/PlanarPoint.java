package org.civitas.simulator.city;

/**
 * A point on the city's local plane, in kilometres east ({@code x}) and north ({@code y}) of the
 * city centre; see {@link LocalProjection}.
 */
public record PlanarPoint(double x, double y) {
  public double distanceTo(PlanarPoint other) {
    return Math.hypot(x - other.x, y - other.y);
  }
}
