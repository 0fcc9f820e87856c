package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.civitas.simulator.random.RandomStreams;

/**
 * The city's weather: one process for the whole city, a pure function of the seed and the instant.
 * Wind, cloud and rain vary smoothly between random values drawn every three hours; rain falls only
 * under heavy cloud; the air temperature follows the season, the day and the cloud; planted {@link
 * RainEvent}s add downpours.
 */
public final class Weather {
  private static final long KNOT_SECONDS = 3 * 3600;
  private static final long WIND = RandomStreams.key("weather/wind");
  private static final long CLOUD = RandomStreams.key("weather/cloud");
  private static final long RAIN = RandomStreams.key("weather/rain");
  private static final long WARMTH = RandomStreams.key("weather/warmth");

  private final RandomStreams random;
  private final Sun sun;
  private final ZoneId zone;
  private final List<RainEvent> downpours;

  public Weather(RandomStreams random, Sun sun, ZoneId zone, List<RainEvent> downpours) {
    this.random = random;
    this.sun = sun;
    this.zone = zone;
    this.downpours = List.copyOf(downpours);
  }

  public Sun sun() {
    return sun;
  }

  /** Wind speed, m/s (about 1-9). */
  public double windSpeed(Instant time) {
    return 1 + 8 * smooth(WIND, time);
  }

  /** Cloud cover, 0 (clear) to 1 (overcast). */
  public double cloudCover(Instant time) {
    return smooth(CLOUD, time);
  }

  /** Rain, mm/h. */
  public double rainRate(Instant time) {
    double showers = Math.max(0, cloudCover(time) - 0.7) * 30 * smooth(RAIN, time);
    for (RainEvent downpour : downpours) {
      if (downpour.covers(time)) {
        showers += downpour.mmPerHour();
      }
    }
    return showers;
  }

  /** Air temperature, °C: a North German climate (about 1 °C in January, 18 °C in July). */
  public double airTemperature(Instant time) {
    ZonedDateTime local = time.atZone(zone);
    double season = 9.5 - 8.5 * Math.cos(2 * Math.PI * (local.getDayOfYear() - 20) / 365.0);
    double hour = local.getHour() + local.getMinute() / 60.0;
    double daily = 4 * (1 - 0.6 * cloudCover(time)) * Math.cos(2 * Math.PI * (hour - 15) / 24);
    return season + daily + 6 * (smooth(WARMTH, time) - 0.5);
  }

  /** Direct sunshine, 0 (none: night or overcast) to 1 (the sun high in a clear sky). */
  public double sunshine(Instant time) {
    double elevation = sun.elevation(time);
    return elevation <= 0 ? 0 : Math.sin(Math.toRadians(elevation)) * (1 - 0.75 * cloudCover(time));
  }

  /** A smooth value in [0, 1): cosine interpolation between random values at the knots. */
  private double smooth(long stream, Instant time) {
    long seconds = time.getEpochSecond();
    long knot = Math.floorDiv(seconds, KNOT_SECONDS);
    double t = (seconds - knot * KNOT_SECONDS) / (double) KNOT_SECONDS;
    double a = random.uniform(stream, knot, 0);
    double b = random.uniform(stream, knot + 1, 0);
    double w = (1 - Math.cos(Math.PI * t)) / 2;
    return a + (b - a) * w;
  }
}
