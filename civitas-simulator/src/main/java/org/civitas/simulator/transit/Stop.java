package org.civitas.simulator.transit;

import org.civitas.simulator.city.GeoPoint;
import org.civitas.simulator.city.PlanarPoint;

/**
 * A bus stop on a route.
 *
 * @param name the stop's name
 * @param point where it is, on the city's plane
 * @param location where it is, in degrees
 * @param distanceKm how far along the route from its first stop
 */
public record Stop(String name, PlanarPoint point, GeoPoint location, double distanceKm) {}
