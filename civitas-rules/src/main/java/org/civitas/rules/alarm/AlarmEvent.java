package org.civitas.rules.alarm;

import java.util.Locale;

/** What happened to an alarm, as notifications name it. */
public enum AlarmEvent {
  /** Opened, or a repeat made it more severe. */
  RAISED,
  /** Still unacknowledged after its escalation period. */
  ESCALATED,
  ACKNOWLEDGED,
  CLEARED;

  /** The name on the wire: {@code raised}, {@code escalated}, ... */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
