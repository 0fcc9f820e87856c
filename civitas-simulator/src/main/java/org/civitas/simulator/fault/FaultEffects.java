package org.civitas.simulator.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.rhythm.Rhythm;

/**
 * What the planted faults do to the readings: applied over the rhythms' normal values, so a faulty
 * device differs from its fault-free self exactly by the fault.
 */
public final class FaultEffects {
  /** How long after its start a flood rise is over (the level is back near normal). */
  static final Duration FLOOD_LASTS = Duration.ofHours(36);

  /**
   * Drift of a faulty air-quality sensor, µg/m³ per day: a failing cell, fast enough to leave the
   * spread of the city's stations (the health check's tolerance, some 2 µg/m³ PM2.5 and 6 µg/m³
   * NO2) within hours, so that the demo's first day shows it; an ageing one drifts far slower.
   */
  static final double NO2_DRIFT_PER_DAY = 24;

  static final double PM_DRIFT_PER_DAY = 12;

  /** Extra flow from a leak, L/h per resident behind the meter (doubles the night flow). */
  static final double LEAK_PER_RESIDENT = 1.5;

  /** The temperature an open fridge tends to, °C, and how fast (time constants). */
  static final double ROOM = 16;

  private static final double OPEN_TAU_MINUTES = 50;
  private static final double CLOSED_TAU_MINUTES = 20;

  /** The sharp rise at a flooding gauge, metres. */
  static final double FLOOD_RISE_METRES = 2.2;

  private final Rhythm rhythm;
  private final Map<String, PlannedFault> byDevice;

  public FaultEffects(FaultPlan plan, Rhythm rhythm) {
    this.rhythm = rhythm;
    this.byDevice =
        plan.faults().stream()
            .collect(Collectors.toMap(PlannedFault::deviceId, Function.identity(), (a, b) -> a));
  }

  /** The device's values at the instant with its fault applied; empty when it is silent. */
  public Optional<Map<String, Object>> fields(Device device, Instant time) {
    PlannedFault fault = byDevice.get(device.id());
    if (fault == null || !fault.begunBy(time)) {
      return Optional.of(rhythm.fields(device, time));
    }
    if (fault.kind() == FaultKind.SILENT) {
      return fault
          .ends()
          .filter(end -> !time.isBefore(end))
          .map(end -> rhythm.fields(device, time));
    }
    if (fault.kind() == FaultKind.STUCK) {
      return Optional.of(rhythm.fields(device, fault.start()));
    }
    Map<String, Object> fields = new LinkedHashMap<>(rhythm.fields(device, time));
    double hours = Duration.between(fault.start(), time).toSeconds() / 3600.0;
    switch (fault.kind()) {
      case DRIFT -> {
        double days = hours / 24;
        add(fields, "no2", NO2_DRIFT_PER_DAY * days, 1);
        add(fields, "pm25", PM_DRIFT_PER_DAY * days, 1);
        add(fields, "pm10", PM_DRIFT_PER_DAY * days, 1);
      }
      case LEAK -> {
        // A burst main opens within half an hour and stays open until repaired.
        double litresPerHour = device.capacity() * LEAK_PER_RESIDENT * Math.min(1, hours * 2);
        add(fields, "flow", litresPerHour / 1000, 2);
      }
      case DOOR_OPEN -> {
        double normal = ((Number) fields.get("temperature")).doubleValue();
        fields.put("temperature", round(doorOpenTemperature(fault, normal, time), 2));
      }
      case FLOOD_RISE -> add(fields, "waterLevel", floodRise(hours), 3);
      case SILENT, STUCK -> throw new IllegalStateException("handled above");
    }
    return Optional.of(fields);
  }

  private static double doorOpenTemperature(PlannedFault fault, double normal, Instant time) {
    Instant closed = fault.ends().orElse(Instant.MAX);
    if (time.isBefore(closed)) {
      double minutes = Duration.between(fault.start(), time).toSeconds() / 60.0;
      return normal + (ROOM - normal) * (1 - Math.exp(-minutes / OPEN_TAU_MINUTES));
    }
    double openMinutes = Duration.between(fault.start(), closed).toSeconds() / 60.0;
    double excessAtClose = (ROOM - normal) * (1 - Math.exp(-openMinutes / OPEN_TAU_MINUTES));
    double sinceClosed = Duration.between(closed, time).toSeconds() / 60.0;
    return normal + excessAtClose * Math.exp(-sinceClosed / CLOSED_TAU_MINUTES);
  }

  /** Up over five hours, a crest until hour twelve, then receding with an 8-hour time constant. */
  private static double floodRise(double hours) {
    if (hours < 5) {
      double x = hours / 5;
      return FLOOD_RISE_METRES * x * x * (3 - 2 * x);
    }
    return hours < 12 ? FLOOD_RISE_METRES : FLOOD_RISE_METRES * Math.exp(-(hours - 12) / 8);
  }

  private static void add(Map<String, Object> fields, String field, double offset, int decimals) {
    if (fields.get(field) instanceof Number value) {
      fields.put(field, round(value.doubleValue() + offset, decimals));
    }
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
