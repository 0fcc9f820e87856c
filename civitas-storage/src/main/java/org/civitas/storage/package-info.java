/**
 * Storage of the sensing core on two engines: embedded H2 (the default, one data directory) and
 * PostgreSQL, with one JDBC implementation and one set of Flyway migrations ({@code
 * db/migration/sensing}).
 *
 * <p>Start at {@link org.civitas.storage.Storage#open}. Inside: {@code SensingSchema} maps every
 * entity type, property and navigation property to tables and columns (the only place that knows
 * them); {@code JdbcTransaction} generates CRUD and queries from it; {@code GroupCommitIngest} is
 * the batching ingest path; {@code JdbcTimeSeries} reads latest values and aggregates; {@code
 * Dialect} holds the few differences between the engines; {@code SqlErrors} translates SQL errors
 * into the Civitas error types.
 */
package org.civitas.storage;
