package org.civitas.rules.alarm.store;

/**
 * How urgent an alarm is, from least to most. The same names, in the same order, as the rules'
 * {@code org.civitas.rules.evaluation.Severity}, which this module cannot see (a test pins that).
 */
public enum AlarmSeverity {
  INFO,
  MINOR,
  MAJOR,
  CRITICAL;

  /** Whether this is at least as urgent as {@code other}. */
  public boolean reaches(AlarmSeverity other) {
    return compareTo(other) >= 0;
  }
}
