package org.civitas.simulator.rhythm;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * How busy the city's roads are: 1 at the weekday morning peak in the centre. Weekdays have a
 * morning rush around 07:45 and a longer evening one around 17:15 over a daytime plateau; Saturdays
 * a single midday hump; Sundays less still; nights almost nothing.
 */
public record Traffic(ZoneId zone) {

  /** Traffic intensity at the instant, 0-1, for the centre (scale by a district's share). */
  public double intensity(Instant time) {
    ZonedDateTime local = time.atZone(zone);
    double h = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
    DayOfWeek day = local.getDayOfWeek();
    double night = 0.03;
    return switch (day) {
      case SATURDAY -> night + 0.5 * bump(h, 13, 3.2) + 0.1 * bump(h, 20, 2);
      case SUNDAY -> night + 0.35 * bump(h, 14.5, 3.5);
      default ->
          night
              + 0.45 * plateau(h, 6.5, 20)
              + 0.52 * bump(h, 7.75, 0.9)
              + 0.47 * bump(h, 17.25, 1.3);
    };
  }

  private static double bump(double h, double centre, double width) {
    double z = (h - centre) / width;
    return Math.exp(-z * z / 2);
  }

  /** About 1 between the hours, easing in and out over an hour and a half. */
  private static double plateau(double h, double from, double to) {
    return sigmoid((h - from) / 0.5) * sigmoid((to - h) / 0.7);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
