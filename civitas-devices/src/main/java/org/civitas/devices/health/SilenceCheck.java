package org.civitas.devices.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Finds devices that stopped reporting, or never started: the "graveyard of sensors". */
public final class SilenceCheck {
  private final HealthPolicy policy;

  public SilenceCheck(HealthPolicy policy) {
    this.policy = policy;
  }

  /**
   * @param lastSeen the last uplink, or null if there never was one
   * @param provisionedAt when the device was registered (a new device gets the same grace)
   * @param expected the device's expected reporting interval
   * @param now the time of the check
   */
  public Optional<Finding> assess(
      Instant lastSeen, Instant provisionedAt, Duration expected, Instant now) {
    Duration allowed = allowedSilence(expected);
    if (lastSeen == null) {
      if (Duration.between(provisionedAt, now).compareTo(allowed) <= 0) {
        return Optional.empty();
      }
      return Optional.of(
          new Finding(
              HealthState.NEVER_SEEN,
              null,
              provisionedAt,
              "provisioned " + human(Duration.between(provisionedAt, now)) + " ago, never heard"));
    }
    Duration quiet = Duration.between(lastSeen, now);
    if (quiet.compareTo(allowed) <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            HealthState.SILENT,
            null,
            lastSeen,
            "no uplink for "
                + human(quiet)
                + " (expected every "
                + human(expected)
                + ", silent after "
                + human(allowed)
                + ")"));
  }

  /** How long a device with this interval may stay quiet before it counts as silent. */
  public Duration allowedSilence(Duration expected) {
    Duration missed = expected.multipliedBy(policy.silentAfterIntervals());
    return missed.compareTo(policy.minimumSilence()) < 0 ? policy.minimumSilence() : missed;
  }

  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7_200) {
      return seconds / 60 + " min";
    }
    if (seconds < 172_800) {
      return seconds / 3_600 + " h";
    }
    return seconds / 86_400 + " days";
  }
}
