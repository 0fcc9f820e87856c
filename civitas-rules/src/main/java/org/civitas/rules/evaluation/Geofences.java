package org.civitas.rules.evaluation;

import java.util.List;
import org.civitas.rules.definition.Condition;
import org.civitas.rules.definition.Position;

/**
 * Point-in-area tests for geofences, on the scale of a city: a polygon by ray casting in
 * longitude/latitude, a route's corridor by the distance to its segments in a local equirectangular
 * projection around the point (error well below a metre over a few kilometres).
 */
final class Geofences {
  private static final double EARTH_RADIUS_METRES = 6_371_008.8;

  private Geofences() {}

  /** Whether the point is inside the geofence's area. */
  static boolean inside(Condition.Geofence fence, double lon, double lat) {
    if (fence.route().isEmpty()) {
      List<List<Position>> rings = fence.polygon();
      if (!inRing(rings.getFirst(), lon, lat)) {
        return false;
      }
      for (int i = 1; i < rings.size(); i++) {
        if (inRing(rings.get(i), lon, lat)) {
          return false;
        }
      }
      return true;
    }
    return distanceMetres(fence.route(), lon, lat) <= fence.distanceMetres();
  }

  static boolean inRing(List<Position> ring, double lon, double lat) {
    boolean inside = false;
    for (int i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
      Position a = ring.get(i);
      Position b = ring.get(j);
      if ((a.lat() > lat) != (b.lat() > lat)
          && lon < (b.lon() - a.lon()) * (lat - a.lat()) / (b.lat() - a.lat()) + a.lon()) {
        inside = !inside;
      }
    }
    return inside;
  }

  /** The distance in metres from the point to the nearest segment of the line. */
  static double distanceMetres(List<Position> line, double lon, double lat) {
    double metresPerDegreeLat = Math.toRadians(1) * EARTH_RADIUS_METRES;
    double metresPerDegreeLon = metresPerDegreeLat * Math.cos(Math.toRadians(lat));
    double best = Double.MAX_VALUE;
    for (int i = 1; i < line.size(); i++) {
      double ax = (line.get(i - 1).lon() - lon) * metresPerDegreeLon;
      double ay = (line.get(i - 1).lat() - lat) * metresPerDegreeLat;
      double bx = (line.get(i).lon() - lon) * metresPerDegreeLon;
      double by = (line.get(i).lat() - lat) * metresPerDegreeLat;
      double dx = bx - ax;
      double dy = by - ay;
      double lengthSquared = dx * dx + dy * dy;
      double t = lengthSquared == 0 ? 0 : Math.clamp(-(ax * dx + ay * dy) / lengthSquared, 0, 1);
      double px = ax + t * dx;
      double py = ay + t * dy;
      best = Math.min(best, Math.sqrt(px * px + py * py));
    }
    return best;
  }
}
