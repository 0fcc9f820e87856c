package org.civitas.governance.audit.store;

import java.time.Instant;

/**
 * A page of audit entries, newest first (by seq); null filters match everything.
 *
 * @param actor exactly this actor
 * @param action exactly this action
 * @param targetPrefix targets that start with this text ({@code Datastreams(} finds every
 *     Datastream), case-sensitive
 * @param since entries at or after this time
 * @param until entries before this time
 * @param beforeSeq only entries with a smaller seq: where the previous page ended (0: no bound)
 * @param limit how many entries at most, 1 to 10,000
 */
public record AuditQuery(
    String actor,
    String action,
    String targetPrefix,
    Instant since,
    Instant until,
    long beforeSeq,
    int limit) {

  public AuditQuery {
    if (beforeSeq < 0) {
      throw new IllegalArgumentException("beforeSeq must not be negative, was " + beforeSeq);
    }
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit is 1 to 10000, was " + limit);
    }
  }

  /** The newest {@code limit} entries, unfiltered. */
  public static AuditQuery newest(int limit) {
    return new AuditQuery(null, null, null, null, null, 0, limit);
  }
}
