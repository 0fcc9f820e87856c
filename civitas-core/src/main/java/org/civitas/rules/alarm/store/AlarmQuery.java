package org.civitas.rules.alarm.store;

/**
 * A page of alarms, newest first (by raisedAt, then id); null filters match everything.
 *
 * @param skip how many matching alarms to pass over
 * @param top how many to answer at most
 */
public record AlarmQuery(
    AlarmState state, AlarmSeverity severity, String ruleId, String source, int skip, int top) {
  public AlarmQuery {
    if (skip < 0 || top < 0) {
      throw new IllegalArgumentException("skip and top must not be negative");
    }
  }
}
