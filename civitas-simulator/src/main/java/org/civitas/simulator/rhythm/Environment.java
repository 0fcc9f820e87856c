package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.time.ZonedDateTime;
import org.civitas.simulator.city.City;
import org.civitas.simulator.city.District;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.random.RandomStreams;
import org.civitas.simulator.transit.Transit;

/** What every rhythm may read: the city, its weather, traffic and buses, and the randomness. */
public record Environment(
    City city, Weather weather, Traffic traffic, Transit transit, RandomStreams random) {

  public District district(Device device) {
    return city.district(device.districtId());
  }

  public ZonedDateTime local(Instant time) {
    return time.atZone(city.zone());
  }

  /** Traffic at the device's district at the instant, 0-1. */
  public double localTraffic(Device device, Instant time) {
    return traffic.intensity(time) * district(device).character().trafficShare();
  }

  /** A standard normal value, independent for every device, purpose and instant. */
  public double gaussian(Device device, String purpose, Instant time) {
    return random.gaussian(
        RandomStreams.key(device.id()), RandomStreams.key(purpose), time.getEpochSecond());
  }

  /** A uniform value in [0, 1), independent for every device, purpose and counter. */
  public double uniform(Device device, String purpose, long counter) {
    return random.uniform(RandomStreams.key(device.id()), RandomStreams.key(purpose), counter);
  }

  /** A fixed trait of the device in [0, 1) (its phase, its own rate), the same at every instant. */
  public double trait(Device device, String name) {
    return uniform(device, "trait/" + name, 0);
  }

  /** The hour of day in local time, with fractions. */
  public static double hourOf(ZonedDateTime local) {
    return local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  static double clamp(double value, double min, double max) {
    return Math.max(min, Math.min(max, value));
  }

  static double bump(double h, double centre, double width) {
    double z = (h - centre) / width;
    return Math.exp(-z * z / 2);
  }
}
