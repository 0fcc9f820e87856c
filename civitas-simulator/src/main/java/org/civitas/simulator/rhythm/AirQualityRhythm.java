package org.civitas.simulator.rhythm;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.simulator.city.DistrictCharacter;
import org.civitas.simulator.device.Device;

/**
 * An air-quality station. NO2 and particulates rise with the district's traffic over an urban
 * background; wind disperses them and rain washes particulates out; the harbour adds industrial
 * dust; winter heating adds fine particles. Ozone forms in sunshine and is consumed by the NO
 * emitted with traffic, so it is lowest at the rush hours. All in µg/m³.
 */
final class AirQualityRhythm implements Rhythm {
  private final Environment env;

  AirQualityRhythm(Environment env) {
    this.env = env;
  }

  @Override
  public Map<String, Object> fields(Device device, Instant time) {
    Weather weather = env.weather();
    double traffic = env.localTraffic(device, time);
    double dispersion = 2.5 / (weather.windSpeed(time) + 1.5);
    double washout = 1 / (1 + 0.35 * weather.rainRate(time));
    double heating = Math.max(0, 12 - weather.airTemperature(time)) / 12;
    double industry = env.district(device).character() == DistrictCharacter.INDUSTRIAL ? 1 : 0;
    double no2 =
        10
            + 50 * traffic * dispersion
            + 8 * industry * dispersion
            + 2.5 * env.gaussian(device, "no2", time);
    double pm10 =
        12
            + (20 * traffic + 14 * industry) * dispersion * washout
            + 5 * heating
            + 2 * env.gaussian(device, "pm10", time);
    double pm25 =
        7
            + (9 * traffic + 4 * industry) * dispersion * washout
            + 6 * heating
            + 1.2 * env.gaussian(device, "pm25", time);
    double o3 =
        22
            + 85 * weather.sunshine(time)
            - 18 * traffic * dispersion
            + 3 * env.gaussian(device, "o3", time);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("pm25", Environment.round(Math.max(1, pm25), 1));
    fields.put("pm10", Environment.round(Math.max(pm25 + 1, pm10), 1));
    fields.put("no2", Environment.round(Math.max(1, no2), 1));
    fields.put("o3", Environment.round(Math.max(2, o3), 1));
    return fields;
  }
}
