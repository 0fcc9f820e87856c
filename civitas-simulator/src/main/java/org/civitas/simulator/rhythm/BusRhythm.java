package org.civitas.simulator.rhythm;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.civitas.simulator.city.GeoPoint;
import org.civitas.simulator.city.PlanarPoint;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.transit.BusAssignment;
import org.civitas.simulator.transit.BusRoute;
import org.civitas.simulator.transit.Timetable;
import org.civitas.simulator.transit.Trip;

/**
 * A bus running its route by timetable. Each trip picks up a random delay, larger at the rush
 * hours, which builds up along the trip and is made up in the layover at the terminus. It reports
 * its position, speed (stopping at stops), its current delay and whether it is in service; out of
 * service it stands at its depot by the first stop.
 */
final class BusRhythm implements Rhythm {
  private final Environment env;

  BusRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    BusAssignment bus =
        env.transit()
            .assignment(device.id())
            .orElseThrow(() -> new IllegalArgumentException(device.id() + " serves no route"));
    BusRoute route = bus.route();
    Timetable timetable = env.transit().timetable(route);
    Optional<Trip> trip = timetable.tripAt(bus.vehicle(), time, env.city().zone());
    if (trip.isEmpty()) {
      return fields(route.stops().getFirst().point(), 0, 0, false);
    }
    long runtime = timetable.runtime().toSeconds();
    long delay = tripDelay(device, trip.get(), timetable);
    long elapsed = Duration.between(trip.get().departure(), time).toSeconds();
    double along;
    double speed;
    long currentDelay;
    if (elapsed < runtime + delay) {
      double share = elapsed / (double) (runtime + delay);
      along = share * route.lengthKm();
      currentDelay = Math.round(delay * share);
      double average = route.lengthKm() / ((runtime + delay) / 3600.0);
      boolean atStop = env.uniform(device, "stopped", time.getEpochSecond()) < 0.2;
      speed =
          atStop ? 0 : average * (0.6 + 0.9 * env.uniform(device, "speed", time.getEpochSecond()));
    } else {
      along = route.lengthKm();
      currentDelay = 0;
      speed = 0;
    }
    double distance = trip.get().outbound() ? along : route.lengthKm() - along;
    return fields(route.pointAt(distance), speed, currentDelay, true);
  }

  /** The trip's delay in seconds at its last stop, never more than the layover absorbs. */
  private long tripDelay(Device device, Trip trip, Timetable timetable) {
    double traffic = env.traffic().intensity(trip.departure());
    long counter = trip.departure().getEpochSecond();
    double delay =
        Math.abs(env.gaussian(device, "trip-delay", trip.departure())) * 60
            + traffic * 300 * env.uniform(device, "trip-congestion", counter);
    return Math.round(Math.min(delay, 0.9 * timetable.layover().toSeconds()));
  }

  private Map<String, Object> fields(PlanarPoint at, double speed, long delay, boolean inService) {
    GeoPoint position = env.city().projection().toGeo(at);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(
        "position",
        Map.of(
            "longitude", Environment.round(position.lon(), 6),
            "latitude", Environment.round(position.lat(), 6)));
    fields.put("speed", Environment.round(speed, 1));
    fields.put("delay", (int) delay);
    fields.put("inService", inService);
    return fields;
  }
}
