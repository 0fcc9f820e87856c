package org.civitas.simulator.rhythm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.DeviceKind;
import org.civitas.simulator.device.Reading;
import org.junit.jupiter.api.Test;

/** The rhythms of a healthy city (no faults) have the shapes of a real one. */
class RhythmShapeTest {
  /** Monday 2 March 2026, 00:00 in Brennhaven. */
  private static final Instant MONDAY = SimulatorConfig.DEFAULT_START;

  private static final Instant SATURDAY = MONDAY.plus(Duration.ofDays(5));
  private final Simulation city =
      Simulation.create(SimulatorConfig.defaults().withFaults(Set.of()));

  private List<Device> devices(DeviceKind kind) {
    return city.devices().stream().filter(d -> d.kind() == kind).toList();
  }

  private Reading reading(Device device, Instant time) {
    return city.readingAt(device, time).orElseThrow();
  }

  private double total(DeviceKind kind, String field, Instant time) {
    return devices(kind).stream()
        .filter(d -> d.reports(field))
        .mapToDouble(d -> reading(d, time).number(field))
        .sum();
  }

  private double dailyTotal(DeviceKind kind, String field, Instant day) {
    double sum = 0;
    for (int minutes = 0; minutes < 24 * 60; minutes += 15) {
      sum += total(kind, field, day.plus(Duration.ofMinutes(minutes)));
    }
    return sum;
  }

  private static Instant at(Instant day, int hour, int minute) {
    return day.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
  }

  @Test
  void traffic_at_the_morning_rush_is_many_times_that_at_three_in_the_morning() {
    double rush = total(DeviceKind.TRAFFIC_LOOP, "vehicleCount", at(MONDAY, 7, 45));
    double night = total(DeviceKind.TRAFFIC_LOOP, "vehicleCount", at(MONDAY, 3, 0));
    assertThat(rush).isGreaterThan(10 * Math.max(1, night));
    double evening = total(DeviceKind.TRAFFIC_LOOP, "vehicleCount", at(MONDAY, 17, 15));
    double midday = total(DeviceKind.TRAFFIC_LOOP, "vehicleCount", at(MONDAY, 11, 0));
    assertThat(evening).isGreaterThan(midday);
  }

  @Test
  void weekends_have_less_traffic_than_weekdays() {
    assertThat(dailyTotal(DeviceKind.TRAFFIC_LOOP, "vehicleCount", SATURDAY))
        .isLessThan(0.8 * dailyTotal(DeviceKind.TRAFFIC_LOOP, "vehicleCount", MONDAY));
  }

  @Test
  void noise_and_nitrogen_dioxide_follow_traffic_and_ozone_the_sun() {
    Instant rush = at(MONDAY, 7, 45);
    Instant night = at(MONDAY, 3, 0);
    assertThat(total(DeviceKind.NOISE_METER, "laeq", rush))
        .isGreaterThan(
            total(DeviceKind.NOISE_METER, "laeq", night)
                + 10 * devices(DeviceKind.NOISE_METER).size());
    assertThat(total(DeviceKind.AIR_QUALITY, "no2", rush))
        .isGreaterThan(1.5 * total(DeviceKind.AIR_QUALITY, "no2", night));
    assertThat(dailyTotal(DeviceKind.AIR_QUALITY, "o3", MONDAY)).isPositive();
    double noonOzone = 0;
    double nightOzone = 0;
    for (int day = 0; day < 7; day++) {
      Instant date = MONDAY.plus(Duration.ofDays(day));
      noonOzone += total(DeviceKind.AIR_QUALITY, "o3", at(date, 13, 0));
      nightOzone += total(DeviceKind.AIR_QUALITY, "o3", at(date, 2, 0));
    }
    assertThat(noonOzone).isGreaterThan(1.3 * nightOzone);
  }

  @Test
  void streetlights_are_on_at_night_dimmed_after_half_past_ten_and_off_at_noon() {
    for (Device light : devices(DeviceKind.STREETLIGHT)) {
      Reading midnight = reading(light, at(MONDAY, 0, 30));
      assertThat(midnight.fields()).containsEntry("on", true).containsEntry("dimming", 50);
      assertThat(reading(light, at(MONDAY, 20, 0)).fields()).containsEntry("dimming", 100);
      Reading noon = reading(light, at(MONDAY, 12, 0));
      assertThat(noon.fields()).containsEntry("on", false);
      assertThat(noon.number("power")).isLessThan(1);
      assertThat(midnight.number("power")).isGreaterThan(10);
    }
  }

  @Test
  void the_sun_rises_and_sets_when_it_does_on_the_north_german_plain() {
    Sun sun = city.weather().sun();
    ZoneId zone = city.city().zone();
    LocalDate midsummer = LocalDate.of(2026, 6, 21);
    var rise = sun.sunrise(midsummer).atZone(zone).toLocalTime();
    var set = sun.sunset(midsummer).atZone(zone).toLocalTime();
    assertThat(rise.getHour()).isEqualTo(4);
    assertThat(set.getHour()).isEqualTo(21);
    Duration equinoxDay =
        Duration.between(
            sun.sunrise(LocalDate.of(2026, 3, 20)), sun.sunset(LocalDate.of(2026, 3, 20)));
    assertThat(equinoxDay.toMinutes()).isBetween(12 * 60L, 12 * 60L + 20);
  }

  @Test
  void vaccine_fridges_stay_between_two_and_eight_degrees_cycling_with_their_compressor() {
    for (Device fridge : devices(DeviceKind.VACCINE_FRIDGE)) {
      double min = Double.MAX_VALUE;
      double max = -Double.MAX_VALUE;
      for (int minutes = 0; minutes < 24 * 60; minutes += 5) {
        double t = reading(fridge, MONDAY.plus(Duration.ofMinutes(minutes))).number("temperature");
        assertThat(t).isBetween(2.0, 8.0);
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
      assertThat(max - min).as("compressor cycle").isGreaterThan(2);
    }
  }

  @Test
  void bins_fill_between_collections_and_are_emptied_on_collection_days() {
    int emptied = 0;
    for (Device bin : devices(DeviceKind.WASTE_BIN)) {
      double previous = reading(bin, MONDAY).number("fillLevel");
      for (int hour = 1; hour <= 7 * 24; hour++) {
        double fill = reading(bin, MONDAY.plus(Duration.ofHours(hour))).number("fillLevel");
        if (fill < previous - 20) {
          emptied++;
          assertThat(fill).isLessThan(10);
        }
        previous = fill;
      }
    }
    // Every bin is emptied at least twice a week.
    assertThat(emptied).isGreaterThanOrEqualTo(2 * devices(DeviceKind.WASTE_BIN).size());
    Device bin = devices(DeviceKind.WASTE_BIN).getFirst();
    Instant collected =
        new WasteBinRhythm(envOf())
            .lastCollection(
                bin,
                city.city().district(bin.districtId()),
                at(MONDAY, 23, 0).plus(Duration.ofDays(3)));
    double justAfter = reading(bin, collected.plusSeconds(60)).number("fillLevel");
    double dayLater = reading(bin, collected.plus(Duration.ofHours(20))).number("fillLevel");
    assertThat(dayLater).isGreaterThan(justAfter + 5);
  }

  @Test
  void water_flows_least_at_night_and_most_in_the_morning_and_evening() {
    double night = total(DeviceKind.WATER_METER, "flow", at(MONDAY, 3, 30));
    double morning = total(DeviceKind.WATER_METER, "flow", at(MONDAY, 7, 15));
    double evening = total(DeviceKind.WATER_METER, "flow", at(MONDAY, 19, 30));
    assertThat(morning).isGreaterThan(3 * night);
    assertThat(evening).isGreaterThan(3 * night);
  }

  @Test
  void electricity_peaks_in_the_evening() {
    Device substation = city.device("substation-0001").orElseThrow();
    assertThat(reading(substation, at(MONDAY, 19, 0)).number("power"))
        .isGreaterThan(1.5 * reading(substation, at(MONDAY, 3, 0)).number("power"));
  }

  @Test
  void buses_run_their_routes_by_day_and_rest_at_the_depot_at_night() {
    for (Device bus : devices(DeviceKind.BUS)) {
      Reading night = reading(bus, at(MONDAY, 3, 0));
      assertThat(night.fields()).containsEntry("inService", false);
      Reading day = reading(bus, at(MONDAY, 10, 0));
      assertThat(day.fields()).containsEntry("inService", true);
      @SuppressWarnings("unchecked")
      var position = (java.util.Map<String, Double>) day.fields().get("position");
      assertThat(city.city().districtOf(position.get("longitude"), position.get("latitude")))
          .isPresent();
      assertThat(day.number("delay")).isBetween(0.0, 480.0);
    }
    Device bus = devices(DeviceKind.BUS).getFirst();
    long distinctPositions =
        java.util.stream.IntStream.range(0, 20)
            .mapToObj(
                i -> reading(bus, at(MONDAY, 9, 0).plusSeconds(60L * i)).fields().get("position"))
            .distinct()
            .count();
    assertThat(distinctPositions).as("a moving bus").isGreaterThan(10);
  }

  @Test
  void the_centre_parks_full_by_day_and_residential_streets_by_night() {
    double centreDay = 0;
    double centreNight = 0;
    for (Device bay : devices(DeviceKind.PARKING_BAY)) {
      if (city.city().district(bay.districtId()).name().equals("Old Town")) {
        var parking = new ParkingRhythm(envOf());
        centreDay += parking.occupancy(bay, at(MONDAY, 12, 0));
        centreNight += parking.occupancy(bay, at(MONDAY, 3, 0));
      }
    }
    assertThat(centreDay).isGreaterThan(2 * centreNight);
    long occupiedAtNoon =
        devices(DeviceKind.PARKING_BAY).stream()
            .filter(d -> reading(d, at(MONDAY, 12, 0)).number("occupied") == 1)
            .count();
    assertThat(occupiedAtNoon).isBetween(5L, (long) devices(DeviceKind.PARKING_BAY).size() - 5);
  }

  @Test
  void river_levels_stay_near_their_normal_stage_without_heavy_rain() {
    for (Device gauge : devices(DeviceKind.RIVER_GAUGE)) {
      double level = reading(gauge, at(MONDAY, 12, 0)).number("waterLevel");
      assertThat(level).isBetween(0.8, 2.6);
    }
  }

  private Environment envOf() {
    return new Environment(
        city.city(),
        city.weather(),
        new Traffic(city.city().zone()),
        city.transit(),
        new org.civitas.simulator.random.RandomStreams(city.config().seed()));
  }
}
