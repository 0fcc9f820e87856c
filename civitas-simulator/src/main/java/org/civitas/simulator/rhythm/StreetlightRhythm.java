package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * A streetlight: its photocell switches it on at dusk and off at dawn (each lamp a few minutes
 * either side of sunset and sunrise); it burns at full power until 22:30, dims to half until 05:00,
 * and draws a little standby power when off.
 */
final class StreetlightRhythm implements Rhythm {
  private static final double STANDBY_WATTS = 0.5;
  private final Environment env;

  StreetlightRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    boolean on = isDark(device, time);
    double h = Environment.hourOf(env.local(time));
    int dimming = !on ? 0 : (h >= 22.5 || h < 5) ? 50 : 100;
    double watts =
        on
            ? device.capacity() * dimming / 100 * (1 + 0.02 * env.gaussian(device, "power", time))
            : STANDBY_WATTS;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("on", on);
    fields.put("dimming", dimming);
    fields.put("power", Environment.round(watts, 1));
    return fields;
  }

  /** Whether it is dark enough for this lamp: before its dawn or after its dusk. */
  boolean isDark(Device device, Instant time) {
    LocalDate date = env.local(time).toLocalDate();
    Sun sun = env.weather().sun();
    Instant sunrise = sun.sunrise(date);
    Instant sunset = sun.sunset(date);
    if (sunrise == null || sunset == null) {
      return sun.elevation(time) < 0;
    }
    long photocell = Math.round((env.trait(device, "photocell") - 0.5) * 1200);
    return time.isBefore(sunrise.minusSeconds(photocell))
        || !time.isBefore(sunset.plusSeconds(photocell));
  }
}
