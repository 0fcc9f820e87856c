package org.civitas.rules.alarm;

import org.civitas.rules.alarm.store.Alarm;

/**
 * Told each change of an alarm, after it is stored, on the thread that made it (the rules engine's
 * or an HTTP request's): quick work only, and never throws.
 */
@FunctionalInterface
public interface AlarmListener {
  void on(AlarmEvent event, Alarm alarm);
}
