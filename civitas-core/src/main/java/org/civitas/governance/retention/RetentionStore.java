package org.civitas.governance.retention;

import java.time.Instant;
import java.util.List;

/**
 * Retention rules, the bulk expiry of Observations, their hourly aggregates and the run reports.
 * One JDBC implementation in {@code civitas-storage} serves both engines (migration V14, {@code
 * Storage.retention}).
 *
 * <p>Thread-safe; every call is its own transaction (or, for {@link #expire}, one per step).
 */
public interface RetentionStore {

  /** Every rule, by id. */
  List<RetentionRule> rules();

  /**
   * Stores a new rule.
   *
   * @throws org.civitas.error.ConflictException if a rule for that class and purpose exists
   */
  RetentionRule addRule(RetentionRule rule);

  /** Deletes the rule; false when there was none of that id. */
  boolean removeRule(long id);

  /**
   * One bounded step: removes the oldest Observations of Datastream {@code datastreamId} whose
   * phenomenonTime (its start) lies before {@code cutoff}, about {@code batch} of them (the whole
   * of an hour when aggregating, so an hour is summarised at once), in one transaction; with {@link
   * RetentionAction#AGGREGATE} their numeric results are first added to the hourly aggregates in
   * the same transaction. Call again while {@link Expiry#more()}. Safe while the ingest path writes
   * the same table: what is aggregated is exactly what is deleted, or the step is rolled back.
   */
  Expiry expire(long datastreamId, Instant cutoff, RetentionAction action, int batch);

  /** The hourly aggregates of a Datastream, oldest first. */
  List<HourlyAggregate> aggregates(long datastreamId);

  /** Stores a run's report. */
  RetentionReport saveReport(RetentionReport report);

  /** The latest {@code limit} reports, newest first. */
  List<RetentionReport> reports(int limit);
}
