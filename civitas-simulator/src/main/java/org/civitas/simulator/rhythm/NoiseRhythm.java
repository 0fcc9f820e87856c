package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * A noise meter: the A-weighted equivalent level over its interval, a quiet-night background plus
 * road noise, which adds logarithmically with traffic (twice the vehicles, +3 dB).
 */
final class NoiseRhythm implements Rhythm {
  private final Environment env;

  NoiseRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    double traffic = env.localTraffic(device, time);
    double nearRoad = 200 + 400 * env.trait(device, "road");
    double laeq =
        38 + 10 * Math.log10(1 + nearRoad * traffic) + 1.2 * env.gaussian(device, "laeq", time);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("laeq", Environment.round(Environment.clamp(laeq, 25, 110), 1));
    return fields;
  }
}
