package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * A river gauge: the water level over a normal stage, raised by the rain of the last four days
 * through a unit hydrograph that peaks twelve hours after the rain (about 1 cm per mm of rain),
 * deeper downstream.
 */
final class RiverRhythm implements Rhythm {
  private static final int MEMORY_HOURS = 96;
  private static final double PEAK_HOURS = 12;
  private static final double METRES_PER_MM = 0.01;
  private final Environment env;

  RiverRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    double stage = 1.1 + 0.8 * (device.location().lon() - env.city().centre().lon() + 0.11) / 0.22;
    double response = 0;
    for (int hoursAgo = 1; hoursAgo <= MEMORY_HOURS; hoursAgo++) {
      double k = hoursAgo / PEAK_HOURS;
      response +=
          env.weather().rainRate(time.minusSeconds(3600L * hoursAgo))
              * METRES_PER_MM
              * k
              * Math.exp(1 - k);
    }
    double level = stage + response + 0.005 * env.gaussian(device, "level", time);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("waterLevel", Environment.round(level, 3));
    return fields;
  }
}
