package org.civitas.devices.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The health of one device at one moment: its worst state, every finding, and the figures an
 * operator needs to act (when it was last heard, battery, signal).
 *
 * @param expectedInterval the configured interval, or the learned one, or null when neither is
 *     known yet
 * @param intervalLearned whether {@code expectedInterval} was learned from the data
 * @param since when the worst finding began; null when the device is OK
 */
public record DeviceHealth(
    String deviceId,
    String district,
    HealthState state,
    Instant since,
    Instant lastSeen,
    Duration expectedInterval,
    boolean intervalLearned,
    Double batteryPercent,
    Double rssiDbm,
    Double snrDb,
    List<Finding> findings,
    Instant assessedAt) {

  public DeviceHealth {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(assessedAt, "assessedAt");
    findings = List.copyOf(findings);
  }

  /**
   * This health with other findings (the monitor carries an earlier start over from its previous
   * run): the state and {@code since} follow the new worst finding.
   */
  public DeviceHealth withFindings(List<Finding> changed) {
    HealthState worstState = HealthState.OK;
    Instant worstSince = null;
    if (!changed.isEmpty()) {
      Finding worst = worst(changed);
      worstState = worst.state();
      worstSince = worst.since();
    }
    return new DeviceHealth(
        deviceId,
        district,
        worstState,
        worstSince,
        lastSeen,
        expectedInterval,
        intervalLearned,
        batteryPercent,
        rssiDbm,
        snrDb,
        changed,
        assessedAt);
  }

  /** The worst of the findings decides; among equals, the oldest. */
  static Finding worst(List<Finding> findings) {
    return findings.stream()
        .max(
            Comparator.comparing(Finding::state)
                .thenComparing(Finding::since, Comparator.reverseOrder()))
        .orElseThrow();
  }
}
