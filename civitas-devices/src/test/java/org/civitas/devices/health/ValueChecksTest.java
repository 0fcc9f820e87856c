package org.civitas.devices.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.civitas.timeseries.Bucket;
import org.junit.jupiter.api.Test;

/** The checks on values: stuck, out of range, drifting, and the learned reporting interval. */
class ValueChecksTest {
  private static final Instant START = Instant.parse("2026-11-29T00:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final PlausibleRange TEMPERATURE =
      PlausibleRange.forQuantity("Air temperature").orElseThrow();

  @Test
  void a_value_repeated_for_a_day_of_fifteen_minute_reports_is_stuck_since_it_froze() {
    List<Bucket> buckets = new ArrayList<>();
    for (int hour = 0; hour < 10; hour++) {
      buckets.add(bucket(hour, 4, 10 + hour, 11 + hour));
    }
    for (int hour = 10; hour < 36; hour++) {
      buckets.add(bucket(hour, 4, 19.5, 19.5));
    }
    var finding =
        new StuckCheck(HealthPolicy.DEFAULT)
            .assess(7, buckets, HOUR, Duration.ofMinutes(15), TEMPERATURE);
    assertThat(finding)
        .hasValueSatisfying(
            f -> {
              assertThat(f.state()).isEqualTo(HealthState.STUCK);
              assertThat(f.datastreamId()).isEqualTo(7L);
              assertThat(f.since()).isEqualTo(START.plus(HOUR.multipliedBy(10)));
              assertThat(f.detail()).contains("19.5").contains("104 readings");
            });
  }

  @Test
  void a_value_that_stayed_the_same_for_a_few_hours_is_not_yet_stuck() {
    List<Bucket> buckets = new ArrayList<>();
    buckets.add(bucket(0, 4, 1, 2));
    for (int hour = 1; hour < 5; hour++) {
      buckets.add(bucket(hour, 4, 19.5, 19.5));
    }
    assertThat(
            new StuckCheck(HealthPolicy.DEFAULT)
                .assess(7, buckets, HOUR, Duration.ofMinutes(15), TEMPERATURE))
        .isEmpty();
  }

  @Test
  void a_quantity_that_may_stay_constant_is_never_stuck() {
    List<Bucket> buckets = new ArrayList<>();
    for (int hour = 0; hour < 48; hour++) {
      buckets.add(bucket(hour, 4, 1, 1));
    }
    PlausibleRange occupancy = PlausibleRange.forQuantity("Parking bay occupancy").orElseThrow();
    assertThat(
            new StuckCheck(HealthPolicy.DEFAULT)
                .assess(7, buckets, HOUR, Duration.ofMinutes(15), occupancy))
        .isEmpty();
  }

  @Test
  void values_outside_the_physical_range_are_found_since_the_run_of_implausible_buckets_began() {
    List<Bucket> buckets =
        List.of(bucket(0, 4, 5, 6), bucket(1, 4, 6, 85.3), bucket(2, 4, 84, 85.3));
    assertThat(new RangeCheck().assess(3, buckets, TEMPERATURE))
        .hasValueSatisfying(
            f -> {
              assertThat(f.state()).isEqualTo(HealthState.OUT_OF_RANGE);
              assertThat(f.since()).isEqualTo(START.plus(HOUR));
              assertThat(f.detail()).contains("85.3").contains("-50.0 to 60.0");
            });
    assertThat(new RangeCheck().assess(3, buckets.subList(0, 1), TEMPERATURE)).isEmpty();
  }

  @Test
  void a_sensor_departing_further_and_further_from_its_neighbours_is_drifting() {
    // Three neighbours follow the daily rhythm; the device follows it too, plus 0.25 per hour.
    IntToDoubleFunction daily = hour -> 30 + 10 * Math.sin(hour * Math.PI / 12);
    List<List<Bucket>> neighbours =
        List.of(
            series(48, hour -> daily.applyAsDouble(hour) + 0.4),
            series(48, hour -> daily.applyAsDouble(hour) - 0.3),
            series(48, hour -> daily.applyAsDouble(hour) + 0.1));
    List<Bucket> drifting = series(48, hour -> daily.applyAsDouble(hour) + 0.25 * hour);
    var finding = new DriftCheck(HealthPolicy.DEFAULT).assess(9, drifting, neighbours);
    assertThat(finding)
        .hasValueSatisfying(
            f -> {
              assertThat(f.state()).isEqualTo(HealthState.DRIFTING);
              assertThat(f.since()).isAfter(START).isBefore(START.plus(HOUR.multipliedBy(40)));
            });
  }

  @Test
  void a_sensor_that_agreed_and_then_departed_drifts_from_when_it_left_the_tolerance_not_before() {
    List<List<Bucket>> neighbours =
        List.of(series(30, hour -> 20.4), series(30, hour -> 19.7), series(30, hour -> 20.1));
    // Agrees for 10 hours, then departs by 0.5 per hour: beyond the tolerance (4 x 0.3 = 1.2)
    // from hour 13 on. A line fitted through it all would cross the tolerance hours earlier.
    List<Bucket> departing = series(30, hour -> 20.1 + (hour >= 10 ? 0.5 * (hour - 10) : 0));
    var finding = new DriftCheck(HealthPolicy.DEFAULT).assess(9, departing, neighbours);
    assertThat(finding)
        .hasValueSatisfying(
            f -> assertThat(f.since()).isEqualTo(START.plus(HOUR.multipliedBy(13))));
  }

  @Test
  void a_sensor_that_follows_its_neighbours_or_keeps_a_constant_offset_is_not_drifting() {
    IntToDoubleFunction daily = hour -> 30 + 10 * Math.sin(hour * Math.PI / 12);
    List<List<Bucket>> neighbours =
        List.of(
            series(48, hour -> daily.applyAsDouble(hour) + 0.4),
            series(48, hour -> daily.applyAsDouble(hour) - 0.3),
            series(48, hour -> daily.applyAsDouble(hour) + 0.1));
    DriftCheck check = new DriftCheck(HealthPolicy.DEFAULT);
    assertThat(check.assess(9, series(48, hour -> daily.applyAsDouble(hour) + 0.2), neighbours))
        .isEmpty();
    assertThat(check.assess(9, series(48, hour -> daily.applyAsDouble(hour) + 6), neighbours))
        .isEmpty();
  }

  @Test
  void drift_is_not_judged_without_enough_neighbours() {
    List<List<Bucket>> one = List.of(series(48, hour -> 30));
    assertThat(new DriftCheck(HealthPolicy.DEFAULT).assess(9, series(48, hour -> 30 + hour), one))
        .isEmpty();
  }

  @Test
  void the_reporting_interval_is_learned_from_readings_per_bucket_or_gaps_between_buckets() {
    assertThat(IntervalEstimate.learn(series(24, hour -> 1), HOUR))
        .contains(Duration.ofMinutes(15));
    List<Bucket> everySixHours =
        List.of(bucket(0, 1, 2, 2), bucket(6, 1, 3, 3), bucket(12, 1, 2, 2), bucket(18, 1, 1, 1));
    assertThat(IntervalEstimate.learn(everySixHours, HOUR)).contains(Duration.ofHours(6));
    assertThat(IntervalEstimate.learn(everySixHours.subList(0, 2), HOUR)).isEmpty();
  }

  @Test
  void ranges_are_known_for_the_quantities_a_city_measures() {
    assertThat(PlausibleRange.forQuantity("PM2.5"))
        .hasValueSatisfying(r -> assertThat(r.max()).isEqualTo(1000));
    assertThat(PlausibleRange.forQuantity("Relative humidity"))
        .hasValueSatisfying(r -> assertThat(r.contains(101)).isFalse());
    assertThat(PlausibleRange.forQuantity("Bin fill level"))
        .hasValueSatisfying(r -> assertThat(r.constantAllowed()).isTrue());
    assertThat(PlausibleRange.forQuantity("Loop occupancy"))
        .as("a loop detector's occupancy is a percentage")
        .hasValueSatisfying(r -> assertThat(r.contains(45)).isTrue());
    assertThat(PlausibleRange.forQuantity("Bay occupancy"))
        .hasValueSatisfying(r -> assertThat(r.contains(1)).isTrue());
    assertThat(PlausibleRange.forQuantity("Vehicle count")).isEmpty();
  }

  private static List<Bucket> series(int hours, IntToDoubleFunction mean) {
    List<Bucket> buckets = new ArrayList<>();
    for (int hour = 0; hour < hours; hour++) {
      double value = mean.applyAsDouble(hour);
      buckets.add(
          new Bucket(
              START.plus(HOUR.multipliedBy(hour)), 4, value - 1, value + 1, value, 4 * value));
    }
    return buckets;
  }

  private static Bucket bucket(int hour, long count, double min, double max) {
    return new Bucket(
        START.plus(HOUR.multipliedBy(hour)),
        count,
        min,
        max,
        (min + max) / 2,
        count * (min + max) / 2);
  }
}
