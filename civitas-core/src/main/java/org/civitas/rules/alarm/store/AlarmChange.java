package org.civitas.rules.alarm.store;

import java.util.Optional;

/**
 * What applying a rule's outcome did.
 *
 * @param kind what changed
 * @param alarm the alarm afterwards; empty for {@link Kind#NONE} when no alarm was touched
 * @param severityRose whether a repeat made the open alarm more severe
 */
public record AlarmChange(Kind kind, Optional<Alarm> alarm, boolean severityRose) {
  public enum Kind {
    /** A replayed or stale outcome, or a CLEAR with no open alarm: nothing changed. */
    NONE,
    OPENED,
    REPEATED,
    CLEARED
  }

  public static AlarmChange none() {
    return new AlarmChange(Kind.NONE, Optional.empty(), false);
  }
}
