package org.civitas.governance.audit;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditEvent;
import org.civitas.governance.audit.store.AuditStore;

/**
 * The {@link Audit} every part of Civitas records to: each event becomes the next entry of the
 * store's hash chain, committed before {@link #record} returns (a failure is thrown to the caller,
 * whose request then fails rather than go unrecorded). Thread-safe; the store serialises appends.
 */
public final class HashChainedAudit implements Audit {
  private final AuditStore store;
  private final Clock clock;

  public HashChainedAudit(AuditStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void record(String actor, String action, String target, Map<String, String> details) {
    append(actor, action, target, details);
  }

  /** As {@link #record}, answering the entry as stored (its seq and hash). */
  public AuditEntry append(
      String actor, String action, String target, Map<String, String> details) {
    return store.append(new AuditEvent(clock.instant(), actor, action, target, details));
  }
}
