package org.civitas.devices.health;

import java.util.Locale;
import java.util.Optional;

/**
 * What values a quantity can physically take, and whether it may stay constant for long, for the
 * out-of-range and stuck checks. A Datastream may declare its own in {@code
 * properties.plausibleRange} ({@code {"min":0,"max":100,"constantAllowed":false}}); otherwise
 * {@link #forQuantity} knows the quantities a city measures.
 *
 * @param min the smallest plausible value
 * @param max the largest plausible value
 * @param constantAllowed whether an unchanged value for hours is normal (an occupancy bit, a
 *     streetlight's switch state, a closed valve) rather than a sign of a stuck sensor
 */
public record PlausibleRange(double min, double max, boolean constantAllowed) {

  /** No limits: only the stuck check applies. */
  public static final PlausibleRange ANY =
      new PlausibleRange(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, false);

  public PlausibleRange {
    if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
      throw new IllegalArgumentException(
          "a plausible range needs min <= max, was [" + min + ", " + max + "]");
    }
  }

  public boolean contains(double value) {
    return value >= min && value <= max;
  }

  /**
   * The range of a quantity known by its ObservedProperty name (case and punctuation ignored), for
   * the kinds of sensor the city runs; empty for a quantity it does not know.
   */
  public static Optional<PlausibleRange> forQuantity(String observedPropertyName) {
    String name = observedPropertyName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    // Most specific first: "pm25" must not fall through to a generic rule.
    if (name.contains("pm25") || name.contains("pm2")) {
      return Optional.of(new PlausibleRange(0, 1000, false));
    }
    if (name.contains("pm10")) {
      return Optional.of(new PlausibleRange(0, 2000, false));
    }
    if (name.contains("no2") || name.contains("nitrogendioxide")) {
      return Optional.of(new PlausibleRange(0, 2000, false));
    }
    if (name.equals("o3") || name.contains("ozone")) {
      return Optional.of(new PlausibleRange(0, 1000, false));
    }
    if (name.contains("noise") || name.contains("soundlevel") || name.contains("soundpressure")) {
      return Optional.of(new PlausibleRange(20, 140, false));
    }
    if (name.contains("humidity")) {
      return Optional.of(new PlausibleRange(0, 100, false));
    }
    if (name.contains("temperature")) {
      // Air, water and fridge temperatures of a city; a vaccine fridge sits at 2-8 degC.
      return Optional.of(new PlausibleRange(-50, 60, false));
    }
    if (name.contains("filllevel") || name.contains("fill")) {
      return Optional.of(new PlausibleRange(0, 100, true));
    }
    if (name.contains("battery")) {
      return Optional.of(new PlausibleRange(0, 100, true));
    }
    if (name.contains("occupancy")) {
      // A loop detector's occupancy is a percentage of time; a parking bay's a 0/1 state: both fit.
      return Optional.of(new PlausibleRange(0, 100, true));
    }
    if (name.contains("occupied") || name.contains("switch")) {
      return Optional.of(new PlausibleRange(0, 1, true));
    }
    if (name.contains("dimming") || name.contains("dimlevel")) {
      return Optional.of(new PlausibleRange(0, 100, true));
    }
    return Optional.empty();
  }
}
