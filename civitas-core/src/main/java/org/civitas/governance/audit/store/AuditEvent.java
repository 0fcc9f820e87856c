package org.civitas.governance.audit.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What is recorded, before the store gives it a place in the chain.
 *
 * @param at when it happened; kept to the microsecond (what both engines store exactly), so the
 *     hash computed at append time is the hash recomputed from the stored row
 * @param actor the principal id who acted, 1 to 200 characters
 * @param action a dotted name such as {@code purpose.created}, 1 to 100 characters
 * @param target what it happened to, at most 500 characters (may be empty)
 * @param details further facts as strings, sorted by key; no nulls
 */
public record AuditEvent(
    Instant at, String actor, String action, String target, Map<String, String> details) {

  public AuditEvent {
    Objects.requireNonNull(at, "at");
    at = at.truncatedTo(ChronoUnit.MICROS);
    requireLength("actor", actor, 1, 200);
    requireLength("action", action, 1, 100);
    requireLength("target", target, 0, 500);
    Objects.requireNonNull(details, "details");
    TreeMap<String, String> sorted = new TreeMap<>();
    details.forEach(
        (key, value) ->
            sorted.put(
                Objects.requireNonNull(key, "a details key"),
                Objects.requireNonNull(value, () -> "the value of details key " + key)));
    details = Collections.unmodifiableMap(sorted);
  }

  private static void requireLength(String name, String value, int min, int max) {
    Objects.requireNonNull(value, name);
    if (value.length() < min || value.length() > max) {
      throw new IllegalArgumentException(
          "an audit "
              + name
              + " has "
              + min
              + " to "
              + max
              + " characters, found "
              + value.length());
    }
  }
}
