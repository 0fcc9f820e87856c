package org.civitas.simulator.transit;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.simulator.city.City;
import org.civitas.simulator.city.District;
import org.civitas.simulator.city.PlanarPoint;

/**
 * The city's bus network: four routes through the district centres, their timetables and which bus
 * runs which slot. Immutable.
 */
public final class Transit {
  /** Scheduled average speed including stops, in km/h: a typical urban bus. */
  public static final double SCHEDULED_SPEED_KMH = 18;

  private static final Duration LAYOVER = Duration.ofMinutes(8);
  private static final double STOP_SPACING_KM = 0.6;

  private final Map<String, BusRoute> routes;
  private final Map<String, Timetable> timetables;
  private final Map<String, BusAssignment> assignments;

  private Transit(
      Map<String, BusRoute> routes,
      Map<String, Timetable> timetables,
      Map<String, BusAssignment> assignments) {
    this.routes = routes;
    this.timetables = timetables;
    this.assignments = assignments;
  }

  /** The network of the city, with {@code vehiclesPerRoute} buses on each route. */
  public static Transit of(City city, int vehiclesPerRoute) {
    Map<String, BusRoute> routes = new LinkedHashMap<>();
    addRoute(
        routes,
        city,
        "R1",
        "Westpark - Eastfield",
        "Westpark",
        "Riverside",
        "Old Town",
        "Millbrook",
        "Eastfield");
    addRoute(
        routes,
        city,
        "R2",
        "Hillcrest - Newtown",
        "Hillcrest",
        "North End",
        "Old Town",
        "Southgate",
        "Newtown");
    addRoute(routes, city, "R3", "Harbour line", "North End", "Old Town", "Millbrook", "Harbour");
    addRoute(
        routes, city, "R4", "Southern crosstown", "Westpark", "Southgate", "Newtown", "Harbour");
    Map<String, Timetable> timetables = new LinkedHashMap<>();
    Map<String, BusAssignment> assignments = new LinkedHashMap<>();
    int bus = 1;
    for (BusRoute route : routes.values()) {
      long minutes = Math.round(route.lengthKm() / SCHEDULED_SPEED_KMH * 60);
      timetables.put(
          route.id(),
          new Timetable(
              vehiclesPerRoute,
              LocalTime.of(5, 0),
              LocalTime.of(23, 30),
              Duration.ofMinutes(minutes),
              LAYOVER));
      for (int vehicle = 0; vehicle < vehiclesPerRoute; vehicle++) {
        String id = "bus-%04d".formatted(bus++);
        assignments.put(id, new BusAssignment(id, route, vehicle));
      }
    }
    return new Transit(routes, timetables, assignments);
  }

  public List<BusRoute> routes() {
    return List.copyOf(routes.values());
  }

  public Timetable timetable(BusRoute route) {
    return timetables.get(route.id());
  }

  public List<BusAssignment> assignments() {
    return List.copyOf(assignments.values());
  }

  public Optional<BusAssignment> assignment(String busId) {
    return Optional.ofNullable(assignments.get(busId));
  }

  private static void addRoute(
      Map<String, BusRoute> routes, City city, String id, String name, String... districtNames) {
    List<Stop> stops = new ArrayList<>();
    double along = 0;
    PlanarPoint previous = null;
    String previousName = null;
    for (String districtName : districtNames) {
      District district = city.district(districtName);
      PlanarPoint centre = district.shape().centroid();
      if (previous != null) {
        double leg = previous.distanceTo(centre);
        int between = (int) Math.floor(leg / STOP_SPACING_KM) - 1;
        for (int i = 1; i <= between; i++) {
          double t = (double) i / (between + 1);
          PlanarPoint p =
              new PlanarPoint(
                  previous.x() + t * (centre.x() - previous.x()),
                  previous.y() + t * (centre.y() - previous.y()));
          String stopName = (t < 0.5 ? previousName : districtName) + " " + (char) ('A' + i - 1);
          stops.add(new Stop(stopName, p, city.projection().toGeo(p), along + t * leg));
        }
        along += leg;
      }
      stops.add(new Stop(districtName + " Centre", centre, city.projection().toGeo(centre), along));
      previous = centre;
      previousName = districtName;
    }
    routes.put(id, new BusRoute(id, name, stops));
  }
}
