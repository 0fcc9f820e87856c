package org.civitas.governance.audit.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit log as stored: an {@link AuditEvent} at its place in the chain.
 *
 * @param seq its position, 1 for the first entry, each next one one more: a gap means entries are
 *     missing
 * @param prevHash the {@link #hash} of the entry before ({@link AuditChain#GENESIS} for the first)
 * @param hash {@link AuditChain#hash} of {@code prevHash}, {@code seq} and the event, as it was
 *     computed when the entry was appended (64 lower-case hexadecimal digits)
 */
public record AuditEntry(long seq, AuditEvent event, String prevHash, String hash) {
  public AuditEntry {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
  }

  public Instant at() {
    return event.at();
  }

  public String actor() {
    return event.actor();
  }

  public String action() {
    return event.action();
  }

  public String target() {
    return event.target();
  }

  public Map<String, String> details() {
    return event.details();
  }
}
