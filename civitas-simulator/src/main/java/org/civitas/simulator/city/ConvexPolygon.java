package org.civitas.simulator.city;

import java.util.ArrayList;
import java.util.List;

/**
 * A convex polygon on the city's plane, its vertices counter-clockwise (GeoJSON's orientation for
 * an exterior ring) and not repeated at the end.
 */
public record ConvexPolygon(List<PlanarPoint> vertices) {
  public ConvexPolygon {
    vertices = List.copyOf(vertices);
    if (vertices.size() < 3) {
      throw new IllegalArgumentException(
          "a polygon needs at least 3 vertices, had " + vertices.size());
    }
  }

  /** Area in square kilometres (the shoelace formula). */
  public double area() {
    double twice = 0;
    for (int i = 0; i < vertices.size(); i++) {
      PlanarPoint a = vertices.get(i);
      PlanarPoint b = vertices.get((i + 1) % vertices.size());
      twice += a.x() * b.y() - b.x() * a.y();
    }
    return Math.abs(twice) / 2;
  }

  /** Whether the point lies inside or on the boundary. */
  public boolean contains(PlanarPoint p) {
    for (int i = 0; i < vertices.size(); i++) {
      PlanarPoint a = vertices.get(i);
      PlanarPoint b = vertices.get((i + 1) % vertices.size());
      if (cross(a, b, p) < -1e-9) {
        return false;
      }
    }
    return true;
  }

  /** The centre of mass of the polygon's area. */
  public PlanarPoint centroid() {
    double cx = 0;
    double cy = 0;
    double twice = 0;
    for (int i = 0; i < vertices.size(); i++) {
      PlanarPoint a = vertices.get(i);
      PlanarPoint b = vertices.get((i + 1) % vertices.size());
      double f = a.x() * b.y() - b.x() * a.y();
      twice += f;
      cx += (a.x() + b.x()) * f;
      cy += (a.y() + b.y()) * f;
    }
    return new PlanarPoint(cx / (3 * twice), cy / (3 * twice));
  }

  /**
   * The part of this polygon nearer to {@code own} than to {@code other} (one Sutherland-Hodgman
   * step against their perpendicular bisector), or null when nothing of it is.
   */
  public ConvexPolygon nearerTo(PlanarPoint own, PlanarPoint other) {
    // Points p with (p - m) . (other - own) <= 0 are on own's side, m the midpoint.
    double nx = other.x() - own.x();
    double ny = other.y() - own.y();
    double mx = (own.x() + other.x()) / 2;
    double my = (own.y() + other.y()) / 2;
    List<PlanarPoint> kept = new ArrayList<>();
    for (int i = 0; i < vertices.size(); i++) {
      PlanarPoint a = vertices.get(i);
      PlanarPoint b = vertices.get((i + 1) % vertices.size());
      double da = (a.x() - mx) * nx + (a.y() - my) * ny;
      double db = (b.x() - mx) * nx + (b.y() - my) * ny;
      if (da <= 0) {
        kept.add(a);
      }
      if ((da < 0 && db > 0) || (da > 0 && db < 0)) {
        double t = da / (da - db);
        kept.add(new PlanarPoint(a.x() + t * (b.x() - a.x()), a.y() + t * (b.y() - a.y())));
      }
    }
    return kept.size() < 3 ? null : new ConvexPolygon(kept);
  }

  private static double cross(PlanarPoint a, PlanarPoint b, PlanarPoint p) {
    return (b.x() - a.x()) * (p.y() - a.y()) - (b.y() - a.y()) * (p.x() - a.x());
  }
}
