package org.civitas.governance.consent;

import java.time.Instant;
import java.util.List;

/**
 * The append-only history of consent decisions. One JDBC implementation in {@code civitas-storage}
 * serves both engines (migration V14, {@code Storage.consents}).
 *
 * <p>Thread-safe; every call is its own transaction and sees committed data.
 */
public interface ConsentStore {

  /**
   * Stores {@code decision} (its {@code seq} is ignored), durable once this returns.
   *
   * @return the decision with the seq it was stored under
   */
  ConsentDecision append(ConsentDecision decision);

  /** Every decision of {@code subject}, oldest first. */
  List<ConsentDecision> history(String subject);

  /** At most {@code limit} decisions with a seq above {@code afterSeq}, in seq order. */
  List<ConsentDecision> after(long afterSeq, int limit);

  /**
   * Every decision recorded at or after {@code since}, in seq order: lets a node that read up to
   * some seq also see decisions of other nodes that got a lower seq but committed later.
   */
  List<ConsentDecision> recordedSince(Instant since);
}
