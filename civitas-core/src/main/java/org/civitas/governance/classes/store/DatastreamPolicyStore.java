package org.civitas.governance.classes.store;

import java.util.List;
import java.util.Optional;
import org.civitas.governance.classes.DatastreamPolicy;

/**
 * The storage of {@link DatastreamPolicy}s, one per classified Datastream; a Datastream without a
 * row is unclassified. A policy goes when its Datastream is deleted. One JDBC implementation in
 * {@code civitas-storage} serves both engines, pinned by the policy store contract tests.
 *
 * <p>Thread-safe; every call is its own transaction and sees committed data.
 */
public interface DatastreamPolicyStore {

  /**
   * Stores {@code policy} as its Datastream's policy, replacing the one stored before.
   *
   * @throws org.civitas.error.NotFoundException naming {@code id} when the Datastream does not
   *     exist; nothing is stored then
   */
  void put(DatastreamPolicy policy);

  /** The stored policy of a Datastream; empty when it was never classified. */
  Optional<DatastreamPolicy> find(long datastreamId);

  /** Every stored policy, by Datastream id. */
  List<DatastreamPolicy> all();
}
