package org.civitas.simulator.transit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A route's daily timetable: its vehicles shuttle end to end, each trip taking {@code runtime}
 * followed by a {@code layover} at the terminus (which absorbs delays), spaced evenly so that a bus
 * leaves each terminus every {@link #headway()}.
 *
 * @param vehicles how many buses serve the route
 * @param firstDeparture when the first bus leaves, local time
 * @param lastDeparture no trip starts later than this, local time
 * @param runtime the scheduled time from first stop to last
 * @param layover the scheduled pause at each terminus
 */
public record Timetable(
    int vehicles,
    LocalTime firstDeparture,
    LocalTime lastDeparture,
    Duration runtime,
    Duration layover) {
  public Timetable {
    if (vehicles < 1) {
      throw new IllegalArgumentException("a timetable needs at least one vehicle, had " + vehicles);
    }
  }

  /** The time for a vehicle to go out and back. */
  public Duration cycle() {
    return runtime.plus(layover).multipliedBy(2);
  }

  /** The time between departures from one terminus. */
  public Duration headway() {
    return cycle().dividedBy(vehicles);
  }

  /** Every trip a vehicle (0-based) runs on a day, in order. */
  public List<Trip> trips(int vehicle, LocalDate date, ZoneId zone) {
    Instant first = date.atTime(firstDeparture).atZone(zone).toInstant();
    Instant last = date.atTime(lastDeparture).atZone(zone).toInstant();
    Instant departure = first.plus(headway().multipliedBy(vehicle));
    Duration leg = runtime.plus(layover);
    List<Trip> trips = new ArrayList<>();
    for (int n = 0; !departure.isAfter(last); n++) {
      trips.add(new Trip(n, n % 2 == 0, departure));
      departure = departure.plus(leg);
    }
    return trips;
  }

  /** The trip a vehicle is on or laying over after at the instant; empty when out of service. */
  public Optional<Trip> tripAt(int vehicle, Instant time, ZoneId zone) {
    Duration leg = runtime.plus(layover);
    Trip current = null;
    for (Trip trip : trips(vehicle, time.atZone(zone).toLocalDate(), zone)) {
      if (!trip.departure().isAfter(time)) {
        current = trip;
      }
    }
    if (current == null || !time.isBefore(current.departure().plus(leg))) {
      return Optional.empty();
    }
    return Optional.of(current);
  }
}
