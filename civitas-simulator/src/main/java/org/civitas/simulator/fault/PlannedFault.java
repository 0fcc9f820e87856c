package org.civitas.simulator.fault;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.civitas.simulator.device.DeviceKind;

/**
 * One fault planted in one device.
 *
 * @param deviceId the device that shows it
 * @param deviceKind that device's kind
 * @param kind the fault
 * @param start when it begins
 * @param end when it is over (the door closed, the water receded), or null when it lasts
 */
public record PlannedFault(
    String deviceId, DeviceKind deviceKind, FaultKind kind, Instant start, Instant end) {
  public PlannedFault {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(start, "start");
    if (end != null && !end.isAfter(start)) {
      throw new IllegalArgumentException(
          "a fault must end after it starts: " + start + " - " + end);
    }
  }

  public Optional<Instant> ends() {
    return Optional.ofNullable(end);
  }

  /** Whether the fault has begun by the instant (it may be over: its after-effects are not). */
  public boolean begunBy(Instant time) {
    return !time.isBefore(start);
  }
}
