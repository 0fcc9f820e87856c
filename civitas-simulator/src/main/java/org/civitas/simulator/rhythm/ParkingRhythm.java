package org.civitas.simulator.rhythm;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.device.Device;

/**
 * A parking-bay sensor. How likely the bay is taken depends on the hour and the district: the
 * centre and the harbour fill by day, residential streets at night. A car stays for a while, so the
 * bay's state is drawn once per 40-minute stay rather than per report.
 */
final class ParkingRhythm implements Rhythm {
  private static final long STAY_SECONDS = 40 * 60;
  private final Environment env;

  ParkingRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    long offset = Math.round(env.trait(device, "stay") * STAY_SECONDS);
    long stay = Math.floorDiv(time.getEpochSecond() + offset, STAY_SECONDS);
    double probability = occupancy(device, time);
    boolean occupied = env.uniform(device, "occupied", stay) < probability;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("occupied", occupied ? 1 : 0);
    return fields;
  }

  /** The chance the bay is taken at the instant. */
  double occupancy(Device device, Instant time) {
    ZonedDateTime local = env.local(time);
    double h = Environment.hourOf(local);
    DayOfWeek day = local.getDayOfWeek();
    boolean workday = day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
    double daytime = plateau(h, 8, 18.5);
    return switch (env.district(device).character()) {
      case CENTRE -> day == DayOfWeek.SUNDAY ? 0.3 + 0.2 * daytime : 0.25 + 0.68 * daytime;
      case INDUSTRIAL -> workday ? 0.12 + 0.7 * plateau(h, 6, 16) : 0.1;
      case RESIDENTIAL -> workday ? 0.88 - 0.4 * plateau(h, 7.5, 17) : 0.8;
      case SUBURBAN -> workday ? 0.7 - 0.35 * plateau(h, 7.5, 17) : 0.65;
    };
  }

  private static double plateau(double h, double from, double to) {
    return 1 / (1 + Math.exp(-(h - from) / 0.4)) / (1 + Math.exp(-(to - h) / 0.6));
  }
}
