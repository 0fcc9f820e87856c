package org.civitas.simulator.rhythm;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * Electricity load: a household curve per resident (standby at night, a morning bump, the evening
 * peak around 19:00, more in winter) and, at the substation, the harbour's industry on working
 * days. A smart meter reports power (W) and energy per interval (Wh); a substation its load (kW)
 * and busbar voltage (V), which sags a little under load.
 */
final class ElectricityRhythm implements Rhythm {
  private static final double INDUSTRY_KW = 6_000;
  private final Environment env;

  ElectricityRhythm(Environment env) {
    this.env = env;
  }

  /** Watts per resident at the instant. */
  double loadPerResident(Instant time) {
    ZonedDateTime local = env.local(time);
    double h = Environment.hourOf(local);
    double winter = 1 + 0.2 * Math.cos(2 * Math.PI * (local.getDayOfYear() - 15) / 365.0);
    return winter
        * (90
            + 120 * Environment.bump(h, 7.5, 1.2)
            + 60 * Environment.bump(h, 13, 3)
            + 230 * Environment.bump(h, 19.2, 2.0));
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (device.reports("voltage")) {
      double kw = device.capacity() * loadPerResident(time) / 1000 + industryKw(time);
      kw *= 1 + 0.015 * env.gaussian(device, "power", time);
      double volts = 10_500 - 0.002 * kw + 15 * env.gaussian(device, "voltage", time);
      fields.put("power", Environment.round(kw, 1));
      fields.put("voltage", Environment.round(volts, 0));
    } else {
      double watts =
          device.capacity()
              * loadPerResident(time)
              * Math.exp(0.3 * env.gaussian(device, "power", time) - 0.045);
      double hours = device.interval().toSeconds() / 3600.0;
      fields.put("power", Environment.round(watts, 0));
      fields.put("energy", Environment.round(watts * hours, 1));
    }
    return fields;
  }

  private double industryKw(Instant time) {
    ZonedDateTime local = env.local(time);
    boolean workday =
        local.getDayOfWeek() != DayOfWeek.SATURDAY && local.getDayOfWeek() != DayOfWeek.SUNDAY;
    double h = Environment.hourOf(local);
    double shift = workday && h >= 6 && h < 22 ? 1 : 0.45;
    return INDUSTRY_KW * shift;
  }
}
