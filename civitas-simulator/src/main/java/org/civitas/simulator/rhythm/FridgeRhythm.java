package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * A vaccine fridge at a clinic, held between 2 and 8 °C by its compressor: the air warms slowly
 * from about 3.5 to 6.5 °C while the compressor rests, then the compressor cools it back within a
 * third of its cycle, every 30 to 45 minutes.
 */
final class FridgeRhythm implements Rhythm {
  static final double LOW = 3.5;
  static final double HIGH = 6.5;
  private final Environment env;

  FridgeRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    long cycle = Math.round((30 + 15 * env.trait(device, "cycle")) * 60);
    long phaseOffset = Math.round(env.trait(device, "phase") * cycle);
    double phase = Math.floorMod(time.getEpochSecond() + phaseOffset, cycle) / (double) cycle;
    double temperature =
        phase < 2 / 3.0
            ? LOW + (HIGH - LOW) * phase * 1.5
            : HIGH - (HIGH - LOW) * (phase - 2 / 3.0) * 3;
    temperature += 0.08 * env.gaussian(device, "temperature", time);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("temperature", Environment.round(temperature, 2));
    return fields;
  }
}
