package org.civitas.devices.health;

import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The health of every assessed device at one run of the monitor, ordered to answer "which sensors
 * are dead or lying, and since when": dead first (never seen, silent), then lying (drifting, out of
 * range, stuck), then OK; within a state the longest-standing first.
 *
 * @param assessedAt when the run was made
 * @param devices one entry per active device, in that order
 */
public record HealthReport(Instant assessedAt, List<DeviceHealth> devices) {

  /** Worst state first, then the oldest {@code since}, then the device id. */
  public static final Comparator<DeviceHealth> ORDER =
      Comparator.comparing(DeviceHealth::state, Comparator.reverseOrder())
          .thenComparing(
              DeviceHealth::since, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
          .thenComparing(DeviceHealth::deviceId);

  public HealthReport {
    Objects.requireNonNull(assessedAt, "assessedAt");
    devices = devices.stream().sorted(ORDER).toList();
  }

  /** How many devices are in each state; every state is present, 0 when none. */
  public Map<HealthState, Integer> counts() {
    return count(devices);
  }

  /**
   * The counts of each district, by district name in order; only states that occur. Devices without
   * a district are in {@link #counts()} only.
   */
  public Map<String, Map<HealthState, Integer>> byDistrict() {
    Map<String, Map<HealthState, Integer>> districts = new TreeMap<>();
    for (DeviceHealth device : devices) {
      if (device.district() != null) {
        districts
            .computeIfAbsent(device.district(), name -> new EnumMap<>(HealthState.class))
            .merge(device.state(), 1, Integer::sum);
      }
    }
    return districts;
  }

  private static Map<HealthState, Integer> count(List<DeviceHealth> devices) {
    Map<HealthState, Integer> counts = new EnumMap<>(HealthState.class);
    for (HealthState state : HealthState.values()) {
      counts.put(state, 0);
    }
    devices.forEach(device -> counts.merge(device.state(), 1, Integer::sum));
    return counts;
  }
}
