package org.civitas.governance.audit.store;

import java.util.Objects;

/**
 * The end of the chain: the seq and hash of its last entry, or 0 and {@link AuditChain#GENESIS}
 * while the log is empty. Publishing it now and then (in a report, a newspaper, another system) is
 * what lets a later verification notice that entries were cut off the end.
 */
public record AuditHead(long seq, String hash) {
  public static final AuditHead EMPTY = new AuditHead(0, AuditChain.GENESIS);

  public AuditHead {
    Objects.requireNonNull(hash, "hash");
  }
}
