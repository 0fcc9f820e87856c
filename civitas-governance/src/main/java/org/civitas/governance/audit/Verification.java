package org.civitas.governance.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AuditVerifier#verify} found.
 *
 * @param valid whether every entry checked is intact and the chain reaches the recorded head
 * @param entriesChecked how many entries were read, up to and including the first broken one
 * @param headSeq the seq of the last entry checked: with {@code headHash}, what to publish so that
 *     a later verification can tell whether entries were cut off the end
 * @param headHash the hash of the last entry checked ({@link
 *     org.civitas.governance.audit.store.AuditChain#GENESIS} for an empty log)
 * @param firstBreak where and why the chain first fails; empty when valid
 */
public record Verification(
    boolean valid, long entriesChecked, long headSeq, String headHash, Optional<Break> firstBreak) {

  public Verification {
    Objects.requireNonNull(headHash, "headHash");
    Objects.requireNonNull(firstBreak, "firstBreak");
    if (valid == firstBreak.isPresent()) {
      throw new IllegalArgumentException("a verification is valid exactly when nothing broke");
    }
  }

  /** Why an entry fails verification. */
  public enum Reason {
    /** The entry's stored hash is not the hash of its content: a field was changed. */
    CHANGED_CONTENT,
    /** The entry does not name the hash of the entry before it: one of the two was replaced. */
    BROKEN_LINK,
    /** Seqs are not consecutive here: entries before this one were deleted. */
    GAP_IN_SEQ,
    /**
     * The entries do not end where the recorded chain head says: the tail was cut off, or the head
     * row was changed.
     */
    HEAD_MISMATCH,
    /**
     * A head published earlier is not in the chain at its seq (or the chain ends before it):
     * entries were rewritten with their hashes recomputed, or cut off with the head row set back.
     */
    PUBLISHED_HEAD_NOT_FOUND
  }

  /**
   * The first place the chain fails.
   *
   * @param seq the entry that fails (for {@link Reason#HEAD_MISMATCH}, the seq the head records)
   * @param detail what was expected and what was found
   */
  public record Break(long seq, Reason reason, String detail) {
    public Break {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
