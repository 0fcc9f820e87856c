package org.civitas.simulator.fault;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.DeviceKind;
import org.civitas.simulator.random.RandomStreams;
import org.civitas.simulator.random.Sequence;
import org.civitas.simulator.rhythm.RainEvent;

/**
 * Which faults are planted in which devices and when, so tests and the health report can check that
 * each is found. Planted deterministically from the seed, relative to the simulation's start: two
 * silent devices and two stuck ones within the first day, a drifting air-quality station from the
 * second hour, a leak from the second night, a fridge door open one late morning, and a flood rise
 * after a downpour on the second day.
 *
 * @param faults the planted faults, ordered by start
 * @param downpours the heavy rain the weather must carry for the flood to follow
 */
public record FaultPlan(List<PlannedFault> faults, List<RainEvent> downpours) {
  /** How long a door stays open. */
  static final Duration DOOR_OPEN_FOR = Duration.ofMinutes(150);

  public FaultPlan {
    faults = List.copyOf(faults);
    downpours = List.copyOf(downpours);
  }

  public static FaultPlan none() {
    return new FaultPlan(List.of(), List.of());
  }

  /** The faults of the given kinds planted in the devices for a run from {@code start}. */
  public static FaultPlan plant(
      List<Device> devices,
      Instant start,
      ZoneId zone,
      RandomStreams random,
      Set<FaultKind> kinds) {
    Sequence sequence = random.sequence("faults");
    List<PlannedFault> faults = new ArrayList<>();
    List<RainEvent> downpours = new ArrayList<>();
    List<String> taken = new ArrayList<>();
    LocalDate firstDay = start.atZone(zone).toLocalDate();
    if (kinds.contains(FaultKind.SILENT)) {
      for (DeviceKind kind : List.of(DeviceKind.WASTE_BIN, DeviceKind.PARKING_BAY)) {
        pick(devices, kind, sequence, taken)
            .ifPresent(
                d ->
                    faults.add(
                        fault(d, FaultKind.SILENT, hoursAfter(start, 6, 18, sequence), null)));
      }
    }
    if (kinds.contains(FaultKind.STUCK)) {
      for (DeviceKind kind : List.of(DeviceKind.NOISE_METER, DeviceKind.TRAFFIC_LOOP)) {
        pick(devices, kind, sequence, taken)
            .ifPresent(
                d ->
                    faults.add(
                        fault(d, FaultKind.STUCK, hoursAfter(start, 4, 12, sequence), null)));
      }
    }
    if (kinds.contains(FaultKind.DRIFT)) {
      pick(devices, DeviceKind.AIR_QUALITY, sequence, taken)
          .ifPresent(
              d -> faults.add(fault(d, FaultKind.DRIFT, hoursAfter(start, 1, 3, sequence), null)));
    }
    if (kinds.contains(FaultKind.LEAK)) {
      Instant night =
          firstDay
              .plusDays(1)
              .atStartOfDay(zone)
              .toInstant()
              .plusSeconds(Math.round(sequence.between(0, 7200)));
      pickWith(devices, DeviceKind.WATER_METER, "flow", sequence, taken)
          .ifPresent(d -> faults.add(fault(d, FaultKind.LEAK, night, null)));
    }
    if (kinds.contains(FaultKind.DOOR_OPEN)) {
      Instant late =
          firstDay
              .atTime(10, 0)
              .atZone(zone)
              .toInstant()
              .plusSeconds(Math.round(sequence.between(0, 10_800)));
      Instant opened = late.isBefore(start) ? late.plus(Duration.ofDays(1)) : late;
      pick(devices, DeviceKind.VACCINE_FRIDGE, sequence, taken)
          .ifPresent(
              d -> faults.add(fault(d, FaultKind.DOOR_OPEN, opened, opened.plus(DOOR_OPEN_FOR))));
    }
    if (kinds.contains(FaultKind.FLOOD_RISE)) {
      Instant rain = hoursAfter(start, 28, 36, sequence);
      downpours.add(new RainEvent(rain, Duration.ofHours(4), 18));
      Instant rise = rain.plus(Duration.ofHours(2));
      pick(devices, DeviceKind.RIVER_GAUGE, sequence, taken)
          .ifPresent(
              d ->
                  faults.add(
                      fault(d, FaultKind.FLOOD_RISE, rise, rise.plus(FaultEffects.FLOOD_LASTS))));
    }
    faults.sort(Comparator.comparing(PlannedFault::start));
    return new FaultPlan(faults, downpours);
  }

  /** The faults of one kind. */
  public List<PlannedFault> of(FaultKind kind) {
    return faults.stream().filter(f -> f.kind() == kind).toList();
  }

  /** The faults planted in one device. */
  public List<PlannedFault> forDevice(String deviceId) {
    return faults.stream().filter(f -> f.deviceId().equals(deviceId)).toList();
  }

  private static PlannedFault fault(Device device, FaultKind kind, Instant start, Instant end) {
    return new PlannedFault(device.id(), device.kind(), kind, start, end);
  }

  private static Instant hoursAfter(Instant start, double from, double to, Sequence sequence) {
    return start.plusSeconds(Math.round(sequence.between(from, to) * 3600));
  }

  private static Optional<Device> pick(
      List<Device> devices, DeviceKind kind, Sequence sequence, List<String> taken) {
    return pickWith(devices, kind, kind.idPrefix(), sequence, taken);
  }

  /** A device of the kind whose id has the prefix, not yet given a fault. */
  private static Optional<Device> pickWith(
      List<Device> devices, DeviceKind kind, String prefix, Sequence sequence, List<String> taken) {
    List<Device> candidates =
        devices.stream()
            .filter(
                d -> d.kind() == kind && d.id().startsWith(prefix + "-") && !taken.contains(d.id()))
            .toList();
    if (candidates.isEmpty()) {
      return Optional.empty();
    }
    Device chosen = candidates.get(sequence.nextInt(candidates.size()));
    taken.add(chosen.id());
    return Optional.of(chosen);
  }
}
