package org.civitas.rules.cap.store;

import java.util.List;
import java.util.Optional;

/**
 * The storage of public alert messages (OASIS CAP 1.2), every message kept: a chain is an Alert,
 * its Updates and at most one Cancel, in the order issued. One JDBC implementation in {@code
 * civitas-storage} serves both engines, pinned by the public alert store contract tests.
 *
 * <p>Thread-safe; every call is its own transaction and sees committed data.
 */
public interface PublicAlertStore {

  /**
   * Stores a message, durably, as the next of its chain.
   *
   * @return false, storing nothing, when a message with the same {@link
   *     StoredAlertMessage#outcomeKey()} is stored already (the outcome was replayed)
   * @throws org.civitas.error.ConflictException when its chain already has a message at its
   *     position (another message was appended meanwhile) or its identifier is taken; nothing is
   *     stored then
   */
  boolean append(StoredAlertMessage message);

  /** The message of this CAP identifier. */
  Optional<StoredAlertMessage> find(String identifier);

  /** Every message of a chain, first (the Alert) to last. */
  List<StoredAlertMessage> chain(String chain);

  /** The last message of the most recent chain of this origin, Cancel or not. */
  Optional<StoredAlertMessage> latestOfOrigin(String origin);

  /** Whether a message caused by this outcome is stored. */
  boolean hasOutcome(String outcomeKey);

  /**
   * The last message of every chain, newest first, at most {@code limit}.
   *
   * @param limit 1 or more
   */
  List<StoredAlertMessage> current(int limit);
}
