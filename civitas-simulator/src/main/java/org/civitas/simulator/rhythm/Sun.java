package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Where the sun is, from NOAA's low-precision solar equations (good to a minute or two at these
 * latitudes): enough to switch streetlights at dusk and dawn and to drive ozone with sunshine.
 *
 * @param lat latitude of the place, degrees
 * @param lon longitude of the place, degrees east
 */
public record Sun(double lat, double lon) {
  /** The sun's centre is this far below the horizon at sunrise: refraction plus its radius. */
  private static final double HORIZON_ZENITH = Math.toRadians(90.833);

  /** The sun's elevation above the horizon at the instant, in degrees (negative at night). */
  public double elevation(Instant time) {
    ZonedDateTime utc = time.atZone(ZoneOffset.UTC);
    double minutes = utc.getHour() * 60 + utc.getMinute() + utc.getSecond() / 60.0;
    double gamma = fractionalYear(utc.toLocalDate(), minutes / 60);
    double trueSolarMinutes = minutes + equationOfTime(gamma) + 4 * lon;
    double hourAngle = Math.toRadians(trueSolarMinutes / 4 - 180);
    double decl = declination(gamma);
    double phi = Math.toRadians(lat);
    double cosZenith =
        Math.sin(phi) * Math.sin(decl) + Math.cos(phi) * Math.cos(decl) * Math.cos(hourAngle);
    return 90 - Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cosZenith))));
  }

  /** Sunrise on the date (UTC date), or null in polar night or midnight sun. */
  public Instant sunrise(LocalDate date) {
    return event(date, 1);
  }

  /** Sunset on the date (UTC date), or null in polar night or midnight sun. */
  public Instant sunset(LocalDate date) {
    return event(date, -1);
  }

  private Instant event(LocalDate date, int sign) {
    double gamma = fractionalYear(date, 12);
    double decl = declination(gamma);
    double phi = Math.toRadians(lat);
    double cosHa =
        Math.cos(HORIZON_ZENITH) / (Math.cos(phi) * Math.cos(decl))
            - Math.tan(phi) * Math.tan(decl);
    if (cosHa < -1 || cosHa > 1) {
      return null;
    }
    double ha = Math.toDegrees(Math.acos(cosHa));
    double minutesUtc = 720 - 4 * (lon + sign * ha) - equationOfTime(gamma);
    return date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(Math.round(minutesUtc * 60));
  }

  private static double fractionalYear(LocalDate date, double hour) {
    return 2 * Math.PI / date.lengthOfYear() * (date.getDayOfYear() - 1 + (hour - 12) / 24);
  }

  /** Minutes by which solar time runs ahead of mean time. */
  private static double equationOfTime(double g) {
    return 229.18
        * (0.000075
            + 0.001868 * Math.cos(g)
            - 0.032077 * Math.sin(g)
            - 0.014615 * Math.cos(2 * g)
            - 0.040849 * Math.sin(2 * g));
  }

  private static double declination(double g) {
    return 0.006918
        - 0.399912 * Math.cos(g)
        + 0.070257 * Math.sin(g)
        - 0.006758 * Math.cos(2 * g)
        + 0.000907 * Math.sin(2 * g)
        - 0.002697 * Math.cos(3 * g)
        + 0.00148 * Math.sin(3 * g);
  }
}
