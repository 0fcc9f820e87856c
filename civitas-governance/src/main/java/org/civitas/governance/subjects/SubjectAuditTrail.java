package org.civitas.governance.subjects;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The audit entries that name a data subject, for the access export: what the audit log's query
 * offers, cut to what the export needs. The wiring adapts the audit store to it; without one, the
 * export says that the audit entries could not be included.
 */
@FunctionalInterface
public interface SubjectAuditTrail {

  /**
   * Hands every audit entry whose target is exactly {@code "subject:" + subject} to {@code each},
   * in any order, reading the log page by page rather than all at once.
   */
  void forEach(String subject, Consumer<Entry> each);

  /**
   * One audit entry.
   *
   * @param seq its place in the log
   * @param at when it was recorded
   * @param actor who acted
   * @param action what happened
   * @param target what it happened to
   * @param details what else was recorded
   */
  record Entry(
      long seq,
      Instant at,
      String actor,
      String action,
      String target,
      Map<String, String> details) {
    public Entry {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(target, "target");
      details = Map.copyOf(details);
    }
  }
}
