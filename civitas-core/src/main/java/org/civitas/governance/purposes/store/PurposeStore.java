package org.civitas.governance.purposes.store;

import java.util.List;
import java.util.Optional;
import org.civitas.governance.classes.Purpose;

/**
 * The register of purposes as stored. Purposes are never deleted: Datastreams, register entries and
 * audit entries name them for as long as the city keeps records.
 *
 * <p>Thread-safe. Every call is its own transaction.
 */
public interface PurposeStore {

  /** Every purpose, by id. */
  List<Purpose> list();

  Optional<Purpose> find(String id);

  /**
   * @throws org.civitas.error.ConflictException naming {@code id} when a purpose has that id
   */
  void create(Purpose purpose);

  /**
   * Replaces the purpose of {@code purpose.id()}.
   *
   * @throws org.civitas.error.NotFoundException when there is none
   */
  void update(Purpose purpose);
}
