package org.civitas.simulator.transit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.civitas.simulator.city.PlanarPoint;

/**
 * A bus route: a line through its stops, run in both directions.
 *
 * @param id short id ({@code R1})
 * @param name the route's public name
 * @param stops in outbound order; the route runs straight from stop to stop
 */
public record BusRoute(String id, String name, List<Stop> stops) {
  public BusRoute {
    stops = List.copyOf(stops);
    if (stops.size() < 2) {
      throw new IllegalArgumentException("a route needs at least 2 stops, had " + stops.size());
    }
  }

  public double lengthKm() {
    return stops.getLast().distanceKm();
  }

  /** The point {@code distanceKm} along the route from its first stop (clamped to the route). */
  public PlanarPoint pointAt(double distanceKm) {
    double d = Math.max(0, Math.min(lengthKm(), distanceKm));
    for (int i = 1; i < stops.size(); i++) {
      Stop a = stops.get(i - 1);
      Stop b = stops.get(i);
      if (d <= b.distanceKm()) {
        double t = (d - a.distanceKm()) / (b.distanceKm() - a.distanceKm());
        return new PlanarPoint(
            a.point().x() + t * (b.point().x() - a.point().x()),
            a.point().y() + t * (b.point().y() - a.point().y()));
      }
    }
    return stops.getLast().point();
  }

  /**
   * The route as a GeoJSON Feature: a LineString through the stops, with {@code id}, {@code name},
   * {@code lengthKm} and the stops' names in {@code stops}.
   */
  public ObjectNode geoJson() {
    ObjectNode feature = JsonNodeFactory.instance.objectNode().put("type", "Feature").put("id", id);
    ArrayNode coordinates =
        feature.putObject("geometry").put("type", "LineString").putArray("coordinates");
    stops.forEach(s -> coordinates.addArray().add(s.location().lon()).add(s.location().lat()));
    ObjectNode properties =
        feature
            .putObject("properties")
            .put("name", name)
            .put("lengthKm", Math.round(lengthKm() * 100) / 100.0);
    ArrayNode names = properties.putArray("stops");
    stops.forEach(s -> names.add(s.name()));
    return feature;
  }
}
