package org.civitas.devices.health;

/**
 * What a health check concludes about a device, from best to worst. A device is <em>dead</em> when
 * it does not report and <em>lying</em> when it reports values that cannot be trusted; the report
 * answers "which sensors are dead or lying, and since when".
 */
public enum HealthState {
  /** Reports on time with plausible values. */
  OK,
  /** Reports values that have not changed for far longer than the quantity stays constant. */
  STUCK,
  /** Reports values outside what the quantity can physically be. */
  OUT_OF_RANGE,
  /** Departs more and more from its neighbours of the same kind. */
  DRIFTING,
  /** Reported before but not within its expected interval (with tolerance). */
  SILENT,
  /** Provisioned but never reported, well past its first expected report. */
  NEVER_SEEN;

  /** Whether the device does not report at all. */
  public boolean dead() {
    return this == SILENT || this == NEVER_SEEN;
  }

  /** Whether the device reports, but values that cannot be trusted. */
  public boolean lying() {
    return this == STUCK || this == OUT_OF_RANGE || this == DRIFTING;
  }

  /** The metric label and API value, such as {@code out-of-range}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
