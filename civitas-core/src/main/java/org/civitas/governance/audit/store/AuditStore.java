package org.civitas.governance.audit.store;

import java.util.List;

/**
 * The storage of the audit log: append-only and hash-chained. The JDBC implementation of {@code
 * civitas-storage} serves both engines in the database of the sensing store; the audit store
 * contract tests pin every behaviour.
 *
 * <p>Rules the store keeps: entries are numbered 1, 2, 3 ... without gaps in the order they are
 * appended, each chained to the one before by {@link AuditChain#hash}; appends are serialised, also
 * between nodes sharing one database, so the chain never forks; nothing is updated or deleted
 * through this interface.
 *
 * <p>Thread-safe. Every call is its own transaction.
 */
public interface AuditStore {

  /**
   * Appends {@code event} after the current head: committed (and on the embedded engine synced to
   * disk) before this returns.
   *
   * @return the entry as stored, with its seq and hashes
   */
  AuditEntry append(AuditEvent event);

  /** A filtered page of entries, newest first. */
  List<AuditEntry> find(AuditQuery query);

  /**
   * Entries in chain order: those with a seq above {@code afterSeq}, at most {@code limit} (1 to
   * 10,000). What a verifier walks, one page at a time.
   */
  List<AuditEntry> chain(long afterSeq, int limit);

  /**
   * The head recorded by the last append ({@link AuditHead#EMPTY} before the first). It is kept
   * apart from the entries, so an entry cut off the end while the head was left alone shows as a
   * head the entries do not reach.
   */
  AuditHead head();
}
