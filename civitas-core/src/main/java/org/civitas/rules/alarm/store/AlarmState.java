package org.civitas.rules.alarm.store;

/** Where an alarm is in its lifecycle: raised → acknowledged → cleared, or raised → cleared. */
public enum AlarmState {
  RAISED,
  ACKNOWLEDGED,
  CLEARED
}
