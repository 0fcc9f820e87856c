package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * A loop detector at a signalised junction: vehicles counted per interval, which follows the
 * traffic of its district up to the junction's capacity (about 75 vehicles per lane per 5 minutes
 * through the green phases), and occupancy, the share of time a vehicle stands on the loop, which
 * grows faster than the flow as queues form.
 */
final class TrafficLoopRhythm implements Rhythm {
  private static final double VEHICLES_PER_LANE_MINUTE = 15;
  private final Environment env;

  TrafficLoopRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    double load = env.localTraffic(device, time) * (0.8 + 0.4 * env.trait(device, "busy"));
    double expected =
        device.capacity() * VEHICLES_PER_LANE_MINUTE * device.interval().toMinutes() * load;
    double count = expected + Math.sqrt(expected) * env.gaussian(device, "count", time);
    double occupancy = 2 + 60 * Math.pow(load, 1.8) + 1.5 * env.gaussian(device, "occupancy", time);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("vehicleCount", (int) Math.max(0, Math.round(count)));
    fields.put("occupancy", Environment.round(Environment.clamp(occupancy, 0, 100), 1));
    return fields;
  }
}
