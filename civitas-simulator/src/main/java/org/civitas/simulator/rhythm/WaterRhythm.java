package org.civitas.simulator.rhythm;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * Water use: a small night baseline (about 1.2 L per resident and hour), a morning peak (later at
 * weekends) and a broader evening one, about 100 L per resident and day. A household meter reports
 * its litres per interval, bursty as a household is; a district flow meter reports the district's
 * flow in m³/h, including the network's background leakage.
 */
final class WaterRhythm implements Rhythm {
  /** Background leakage of a sound network, L/h per resident. */
  static final double BACKGROUND_LEAKAGE = 0.3;

  private final Environment env;

  WaterRhythm(Environment env) {
    this.env = env;
  }

  /** Litres per resident and hour at the instant. */
  double demandPerResident(Instant time) {
    ZonedDateTime local = env.local(time);
    double h = Environment.hourOf(local);
    boolean weekend =
        local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
    double morning =
        weekend ? 6.5 * Environment.bump(h, 9.0, 1.5) : 8 * Environment.bump(h, 7.2, 1.1);
    return 1.2
        + morning
        + 3.5 * Environment.bump(h, 12.5, 2)
        + 6.5 * Environment.bump(h, 19.5, 1.8);
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    double demand = demandPerResident(time);
    Map<String, Object> fields = new LinkedHashMap<>();
    if (device.reports("flow")) {
      double litresPerHour =
          device.capacity()
              * (demand + BACKGROUND_LEAKAGE)
              * (1 + 0.02 * env.gaussian(device, "flow", time));
      fields.put("flow", Environment.round(litresPerHour / 1000, 2));
    } else {
      double hours = device.interval().toSeconds() / 3600.0;
      double burst = Math.exp(0.5 * env.gaussian(device, "volume", time) - 0.125);
      fields.put("volume", Environment.round(device.capacity() * demand * hours * burst, 1));
    }
    return fields;
  }
}
