package org.civitas.rules.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.civitas.sensing.model.Json;

/**
 * The storage of rules, their versions and the state of their evaluation. One JDBC implementation
 * in {@code civitas-storage} serves both engines ({@code Storage.rules}), pinned by the rule store
 * contract tests.
 *
 * <p>Thread-safe; every call is its own transaction and sees committed data.
 */
public interface RuleStore {

  /** Stores a new rule as its version 1 and returns it, with the id the store assigned. */
  RuleVersion create(String author, Json definition, Instant at);

  /**
   * Stores a new version of rule {@code id}.
   *
   * @throws org.civitas.error.NotFoundException when there is no such rule or it was deleted
   */
  RuleVersion update(long id, String author, Json definition, Instant at);

  /**
   * Deletes rule {@code id}, storing a last version marked deleted: its history stays readable.
   *
   * @throws org.civitas.error.NotFoundException when there is no such rule or it was deleted
   */
  RuleVersion delete(long id, String author, Instant at);

  /** The current version of a rule that is not deleted. */
  Optional<RuleVersion> find(long id);

  /** The current version of every rule that is not deleted, by id. */
  List<RuleVersion> list();

  /** Every version of rule {@code id}, oldest first; empty when there never was one. */
  List<RuleVersion> history(long id);

  /** The last saved state of a partition. */
  Optional<PartitionCheckpoint> checkpoint(int partition);

  /** Replaces the saved state of a partition (one row per partition). */
  void saveCheckpoint(PartitionCheckpoint checkpoint);

  /**
   * Takes or renews the lease of a partition for {@code owner} until {@code now + ttl}: granted
   * when nobody holds it, {@code owner} holds it, or the holder's lease expired. At most one owner
   * holds a partition's lease at any time, across nodes sharing the database.
   *
   * @return whether {@code owner} holds the lease now
   */
  boolean acquireLease(int partition, String owner, Instant now, Duration ttl);

  /** Gives up the lease of a partition if {@code owner} holds it. */
  void releaseLease(int partition, String owner);

  /**
   * The committed Observations of Datastreams in partition {@code partition} of {@code partitions}
   * (Datastream id modulo {@code partitions}) with an id above {@code afterId}, in id order, at
   * most {@code limit}: the durable log that evaluation catches up from.
   */
  List<LoggedObservation> observationsAfter(int partition, int partitions, long afterId, int limit);
}
