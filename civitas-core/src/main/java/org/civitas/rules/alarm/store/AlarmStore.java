package org.civitas.rules.alarm.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage API of alarms. The JDBC implementation of {@code civitas-storage} serves both engines
 * in the database of the sensing store; the alarm store contract tests pin every behaviour.
 *
 * <p>Rules the store keeps, whatever its caller checks first: at most one open (not cleared) alarm
 * per (ruleId, source), enforced by the database; an outcome at or before the {@link Alarm#lastAt}
 * of the newest alarm of its rule and source changes nothing (a replay); lifecycle moves only
 * forward (raised → acknowledged → cleared, or raised → cleared).
 *
 * <p>Thread-safe. Every call is its own transaction.
 */
public interface AlarmStore {

  /**
   * Opens the alarm of the raise's rule and source, or counts a repeat on the open one (its
   * severity rises to the raise's when higher, never falls; summary, values and version follow the
   * raise).
   */
  AlarmChange raise(AlarmRaise raise);

  /** Clears the open alarm of this rule and source because the rule's condition stopped holding. */
  AlarmChange clearByRule(String ruleId, String source, Instant at);

  Optional<Alarm> find(long id);

  List<Alarm> list(AlarmQuery query);

  /** Every open alarm that is neither acknowledged nor escalated, oldest first. */
  List<Alarm> unacknowledged();

  /** The number of open alarms by severity (severities without any are absent). */
  Map<AlarmSeverity, Long> openBySeverity();

  /**
   * @throws org.civitas.error.NotFoundException when there is no such alarm
   * @throws org.civitas.error.ConflictException naming {@code state} unless it is RAISED
   */
  Alarm acknowledge(long id, String actor, Instant at);

  /**
   * Clears an alarm by hand.
   *
   * @throws org.civitas.error.NotFoundException when there is no such alarm
   * @throws org.civitas.error.ConflictException naming {@code state} when it is already cleared
   */
  Alarm clear(long id, String actor, Instant at);

  /**
   * Sets or (null) removes the assignee.
   *
   * @throws org.civitas.error.NotFoundException when there is no such alarm
   */
  Alarm assign(long id, String assignee);

  /**
   * @throws org.civitas.error.NotFoundException when there is no such alarm
   */
  Alarm comment(long id, AlarmComment comment);

  /**
   * Records that the alarm was escalated at {@code at}.
   *
   * @return false when it was escalated already, acknowledged or cleared meanwhile
   */
  boolean markEscalated(long id, Instant at);
}
