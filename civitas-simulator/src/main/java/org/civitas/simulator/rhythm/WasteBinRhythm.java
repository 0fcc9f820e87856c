package org.civitas.simulator.rhythm;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.city.District;
import org.civitas.simulator.city.DistrictCharacter;
import org.civitas.simulator.device.Device;

/**
 * A smart waste bin: it fills faster where more people live close together (and slower the bigger
 * it is), is emptied on its district's collection days between 06:00 and 10:00, and overflows at
 * 100 %. Its temperature follows the air, a little warmer from decomposition.
 */
final class WasteBinRhythm implements Rhythm {
  private final Environment env;

  WasteBinRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    District district = env.district(device);
    double percentPerDay =
        28
            * Math.pow(district.density() / 2000, 0.4)
            * Math.pow(240 / device.capacity(), 0.3)
            * (0.7 + 0.6 * env.trait(device, "rate"));
    Instant emptied = lastCollection(device, district, time);
    double days = Duration.between(emptied, time).toSeconds() / 86_400.0;
    double fill = 1 + percentPerDay * days + env.gaussian(device, "fill", time);
    double temperature =
        env.weather().airTemperature(time) + 1.5 + 0.4 * env.gaussian(device, "temperature", time);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("fillLevel", Environment.round(Environment.clamp(fill, 0, 100), 1));
    fields.put("temperature", Environment.round(temperature, 1));
    return fields;
  }

  /** Whether the district's waste is collected on the day: daily but Sunday in the centre. */
  static boolean collectionDay(District district, DayOfWeek day) {
    if (day == DayOfWeek.SUNDAY) {
      return false;
    }
    if (district.character() == DistrictCharacter.CENTRE) {
      return true;
    }
    int first = 1 + district.id() % 3;
    return day.getValue() == first || day.getValue() == first + 3;
  }

  /** The last time the bin was emptied before the instant (within the last two weeks). */
  Instant lastCollection(Device device, District district, Instant time) {
    ZonedDateTime local = env.local(time);
    long minutesAfterSix = Math.round(240 * env.trait(device, "round"));
    for (int back = 0; back < 14; back++) {
      LocalDate date = local.toLocalDate().minusDays(back);
      Instant collected =
          date.atTime(6, 0).atZone(env.city().zone()).toInstant().plusSeconds(60 * minutesAfterSix);
      if (collectionDay(district, date.getDayOfWeek()) && !collected.isAfter(time)) {
        return collected;
      }
    }
    return time.minus(Duration.ofDays(14));
  }
}
