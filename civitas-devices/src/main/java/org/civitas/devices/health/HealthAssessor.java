package org.civitas.devices.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.timeseries.Bucket;

/**
 * Runs every check on one device and names its state. Pure: the monitor reads the data, this
 * decides, so every rule is tested without a database.
 */
public final class HealthAssessor {
  /** Used until an interval is configured or learned: most city sensors report at least hourly. */
  static final Duration FALLBACK_INTERVAL = Duration.ofHours(1);

  private final SilenceCheck silence;
  private final StuckCheck stuck;
  private final RangeCheck range = new RangeCheck();
  private final DriftCheck drift;
  private final Duration bucketWidth;

  /**
   * @param bucketWidth the width of the buckets in the snapshots
   */
  public HealthAssessor(HealthPolicy policy, Duration bucketWidth) {
    this.silence = new SilenceCheck(policy);
    this.stuck = new StuckCheck(policy);
    this.drift = new DriftCheck(policy);
    this.bucketWidth = bucketWidth;
  }

  /**
   * Whether drift is judged for a quantity: only for a measurement of the surroundings that
   * neighbours share (a known quantity that does not stay constant: air, noise, temperature,
   * humidity, or one whose Datastream declares its plausible range). A state (a bay's occupancy, a
   * lamp's dimming, a bin's fill) or what a device's own site sets (a household's power, a loop's
   * vehicle count) differs from the neighbours' by nature, not by an ageing sensor.
   */
  static boolean driftJudged(PlausibleRange range) {
    return !range.equals(PlausibleRange.ANY) && !range.constantAllowed();
  }

  /**
   * @param device the device to judge
   * @param neighbourBuckets for each of its Datastreams, the buckets of the neighbours' Datastreams
   *     of the same ObservedProperty (not including its own)
   */
  public DeviceHealth assess(
      DeviceSnapshot device, Map<Long, List<List<Bucket>>> neighbourBuckets, Instant now) {
    Duration interval = device.configuredInterval();
    boolean learned = false;
    if (interval == null) {
      Optional<Duration> estimate =
          device.streams().stream()
              .map(stream -> IntervalEstimate.learn(stream.buckets(), bucketWidth))
              .flatMap(Optional::stream)
              .min(Duration::compareTo);
      interval = estimate.orElse(null);
      learned = estimate.isPresent();
    }
    Duration judged = interval == null ? FALLBACK_INTERVAL : interval;
    List<Finding> findings = new ArrayList<>();
    silence.assess(device.lastSeen(), device.provisionedAt(), judged, now).ifPresent(findings::add);
    for (DeviceSnapshot.Stream stream : device.streams()) {
      range
          .assess(stream.datastreamId(), stream.buckets(), stream.range())
          .ifPresent(findings::add);
      stuck
          .assess(stream.datastreamId(), stream.buckets(), bucketWidth, judged, stream.range())
          .ifPresent(findings::add);
    }
    // Drift is the slow departure of a sensor that still measures. A frozen or implausible one
    // departs from its neighbours by construction (in every field, when the whole device froze);
    // calling that drift as well would rank it above what it plainly is.
    if (findings.stream().noneMatch(f -> f.datastreamId() != null)) {
      for (DeviceSnapshot.Stream stream : device.streams()) {
        if (!driftJudged(stream.range())) {
          continue;
        }
        drift
            .assess(
                stream.datastreamId(),
                stream.buckets(),
                neighbourBuckets.getOrDefault(stream.datastreamId(), List.of()))
            .ifPresent(findings::add);
      }
    }
    HealthState state = HealthState.OK;
    Instant since = null;
    if (!findings.isEmpty()) {
      Finding worst = DeviceHealth.worst(findings);
      state = worst.state();
      since = worst.since();
    }
    return new DeviceHealth(
        device.deviceId(),
        device.district(),
        state,
        since,
        device.lastSeen(),
        interval,
        learned,
        device.batteryPercent(),
        device.rssiDbm(),
        device.snrDb(),
        findings,
        now);
  }
}
