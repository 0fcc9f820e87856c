package org.civitas.governance.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civitas.governance.audit.Verification.Break;
import org.civitas.governance.audit.Verification.Reason;
import org.civitas.governance.audit.store.AuditChain;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditHead;
import org.civitas.governance.audit.store.AuditStore;

/**
 * Checks the audit log's hash chain: walks every entry in seq order, a page at a time (memory stays
 * bounded by the page, whatever the log's length), recomputes each hash from the entry's content
 * and checks each link to the entry before, and finally that the entries reach the chain head the
 * store recorded with the last append.
 *
 * <p>What it detects: a changed field of any entry (its hash no longer matches); an entry replaced
 * with its hash recomputed (the next entry's link breaks); entries deleted from the start or the
 * middle (a gap in seq); entries deleted from the end while the recorded head was left alone (the
 * head is not reached).
 *
 * <p>What it cannot detect on its own: someone with write access to the database who rewrites an
 * entry and recomputes every hash after it, or who cuts off the tail and sets the head row back,
 * leaves a chain that is consistent in itself. Only a comparison with a head published earlier
 * (outside the database) reveals that: every verification reports the head seq and hash for that
 * purpose, and {@link #verify(Optional)} checks that a published head is still found in the chain
 * at its seq.
 *
 * <p>Entries appended while a verification runs are not checked by it: it checks up to the head it
 * read when it started. Thread-safe; each call reads through the store's own transactions.
 */
public final class AuditVerifier {
  /** Entries read per page by default. */
  public static final int DEFAULT_PAGE = 1_000;

  private final AuditStore store;
  private final int pageSize;

  public AuditVerifier(AuditStore store) {
    this(store, DEFAULT_PAGE);
  }

  public AuditVerifier(AuditStore store, int pageSize) {
    this.store = Objects.requireNonNull(store, "store");
    if (pageSize < 1 || pageSize > 10_000) {
      throw new IllegalArgumentException("a page is 1 to 10000 entries, was " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /** Verifies the chain as it stands, against nothing published earlier. */
  public Verification verify() {
    return verify(Optional.empty());
  }

  /**
   * Verifies the chain and, when given, that it still holds a head published earlier at its seq
   * with its hash: what reveals a tail cut off with the head row set back, or entries rewritten
   * with every later hash recomputed ({@link Reason#PUBLISHED_HEAD_NOT_FOUND}).
   */
  public Verification verify(Optional<AuditHead> published) {
    AuditHead recorded = store.head();
    long expectedSeq = 1;
    String previousHash = AuditChain.GENESIS;
    long checked = 0;
    long afterSeq = 0;
    while (afterSeq < recorded.seq()) {
      List<AuditEntry> page = store.chain(afterSeq, pageSize);
      if (page.isEmpty()) {
        break;
      }
      for (AuditEntry entry : page) {
        if (entry.seq() > recorded.seq()) {
          // Appended after this verification began; checked by the next one.
          break;
        }
        checked++;
        Optional<Break> broken = check(entry, expectedSeq, previousHash);
        if (broken.isEmpty()
            && published.isPresent()
            && published.get().seq() == entry.seq()
            && !published.get().hash().equals(entry.hash())) {
          broken = Optional.of(publishedMissing(published.get(), "hash " + entry.hash()));
        }
        if (broken.isPresent()) {
          return new Verification(false, checked, entry.seq() - 1, previousHash, broken);
        }
        expectedSeq = entry.seq() + 1;
        previousHash = entry.hash();
      }
      afterSeq = page.getLast().seq();
    }
    long lastSeq = expectedSeq - 1;
    if (lastSeq != recorded.seq() || !previousHash.equals(recorded.hash())) {
      return new Verification(
          false,
          checked,
          lastSeq,
          previousHash,
          Optional.of(
              new Break(
                  recorded.seq(),
                  Reason.HEAD_MISMATCH,
                  "the recorded chain head is seq "
                      + recorded.seq()
                      + " with hash "
                      + recorded.hash()
                      + ", the entries end at seq "
                      + lastSeq
                      + " with hash "
                      + previousHash)));
    }
    if (published.isPresent() && published.get().seq() > lastSeq) {
      return new Verification(
          false,
          checked,
          lastSeq,
          previousHash,
          Optional.of(publishedMissing(published.get(), "a chain that ends at seq " + lastSeq)));
    }
    return new Verification(true, checked, lastSeq, previousHash, Optional.empty());
  }

  private static Break publishedMissing(AuditHead published, String found) {
    return new Break(
        published.seq(),
        Reason.PUBLISHED_HEAD_NOT_FOUND,
        "the published head is seq "
            + published.seq()
            + " with hash "
            + published.hash()
            + ", found "
            + found);
  }

  private static Optional<Break> check(AuditEntry entry, long expectedSeq, String previousHash) {
    if (entry.seq() != expectedSeq) {
      return Optional.of(
          new Break(
              entry.seq(),
              Reason.GAP_IN_SEQ,
              "expected seq "
                  + expectedSeq
                  + ", found "
                  + entry.seq()
                  + ": "
                  + (entry.seq() - expectedSeq)
                  + " entries before it are missing"));
    }
    if (!entry.prevHash().equals(previousHash)) {
      return Optional.of(
          new Break(
              entry.seq(),
              Reason.BROKEN_LINK,
              "it chains from "
                  + entry.prevHash()
                  + " but the entry before it has hash "
                  + previousHash));
    }
    String recomputed = AuditChain.recompute(entry);
    if (!recomputed.equals(entry.hash())) {
      return Optional.of(
          new Break(
              entry.seq(),
              Reason.CHANGED_CONTENT,
              "its content hashes to " + recomputed + ", not to the stored " + entry.hash()));
    }
    return Optional.empty();
  }
}
