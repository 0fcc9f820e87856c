package org.civitas.governance.register.store;

import java.util.List;
import java.util.Optional;

/**
 * The technology register as stored. Entries are never deleted: a withdrawn technology stays on the
 * public record, rejected.
 *
 * <p>Thread-safe. Every call is its own transaction.
 */
public interface RegisterStore {

  /** Every entry, by id. */
  List<RegisterEntry> list();

  Optional<RegisterEntry> find(String id);

  /**
   * Stores a new entry as a {@link Review#DRAFT} at version 1.
   *
   * @throws org.civitas.error.ConflictException naming {@code id} when an entry has that id
   */
  RegisterEntry create(Technology technology);

  /**
   * Replaces the content and review of the entry of {@code technology.id()}, if it is still at
   * {@code expectedVersion}.
   *
   * @return the entry at the next version
   * @throws org.civitas.error.NotFoundException when there is no such entry
   * @throws org.civitas.error.ConflictException when another change came first
   */
  RegisterEntry update(Technology technology, Review review, long expectedVersion);
}
