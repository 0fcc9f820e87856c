package org.civitas.devices.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the health checks read about one device: its registry entry, its last activity and the
 * recent buckets of each Datastream it feeds.
 *
 * @param deviceId the device
 * @param district the district it stands in, or null
 * @param provisionedAt when it was registered
 * @param lastSeen its last uplink, or null if none yet
 * @param configuredInterval the expected reporting interval set by an operator, or null to learn it
 * @param batteryPercent the last battery level reported, or null
 * @param rssiDbm the last signal strength, or null
 * @param snrDb the last signal-to-noise ratio, or null
 * @param streams the Datastreams it feeds
 */
public record DeviceSnapshot(
    String deviceId,
    String district,
    Instant provisionedAt,
    Instant lastSeen,
    Duration configuredInterval,
    Double batteryPercent,
    Double rssiDbm,
    Double snrDb,
    List<Stream> streams) {

  public DeviceSnapshot {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(provisionedAt, "provisionedAt");
    streams = List.copyOf(streams);
  }

  /**
   * One Datastream of the device.
   *
   * @param datastreamId its id
   * @param observedPropertyId the kind of quantity, to find neighbours of the same kind
   * @param range what the quantity can plausibly be
   * @param buckets its recent buckets in time order
   */
  public record Stream(
      long datastreamId,
      long observedPropertyId,
      PlausibleRange range,
      List<org.civitas.timeseries.Bucket> buckets) {
    public Stream {
      Objects.requireNonNull(range, "range");
      buckets = List.copyOf(buckets);
    }
  }
}
