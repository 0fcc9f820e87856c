package org.civitas.devices.store;

import java.time.Instant;
import java.util.Objects;

/**
 * What a device did lately, for device health: when it was last heard and how, and how many uplinks
 * it sent.
 *
 * <p>Passed to {@link DeviceStore#recordActivity} it is a delta gathered since the last flush:
 * {@code uplinks} is added to the stored count, {@code lastSeen} replaces the stored time when
 * later, and each radio value replaces the stored one when not null. Read back from {@link
 * DeviceStore#activity} it is the stored total.
 *
 * @param deviceId the device
 * @param lastSeen when its latest uplink was received
 * @param uplinks how many uplinks were received
 * @param rssiDbm the latest received signal strength in dBm, or null when unknown
 * @param snrDb the latest signal-to-noise ratio in dB, or null when unknown
 * @param batteryPercent the latest battery level, 0 to 100, or null when unknown
 */
public record DeviceActivity(
    String deviceId,
    Instant lastSeen,
    long uplinks,
    Double rssiDbm,
    Double snrDb,
    Double batteryPercent) {
  public DeviceActivity {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(lastSeen, "lastSeen");
    if (uplinks < 0) {
      throw new IllegalArgumentException("uplinks must not be negative, was " + uplinks);
    }
  }
}
