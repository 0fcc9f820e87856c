package org.civitas.storage;

/**
 * The few places where H2 and PostgreSQL need different SQL. Everything else, the migrations
 * included, is written once for both.
 */
enum Dialect {
  EMBEDDED("embedded", "SELECT NEXT VALUE FOR observation_id"),
  POSTGRES("postgres", "SELECT nextval('observation_id')");

  private final String engine;
  private final String nextObservationIdBlock;

  Dialect(String engine, String nextObservationIdBlock) {
    this.engine = engine;
    this.nextObservationIdBlock = nextObservationIdBlock;
  }

  static Dialect of(StorageKind kind) {
    return switch (kind) {
      case EMBEDDED -> EMBEDDED;
      case POSTGRES -> POSTGRES;
    };
  }

  /** The engine's name in {@link org.civitas.sensing.store.StorageStatus}. */
  String engine() {
    return engine;
  }

  /**
   * What follows {@code FROM observation e} to read it through {@code index}. H2 keeps its own
   * one-column index for each foreign key and, with a bound parameter, prefers it to the (stream,
   * time, id) index even when only the latter yields rows in the requested order; it then reads and
   * sorts every Observation of the stream. PostgreSQL's planner needs no hint.
   */
  String useIndex(String index) {
    return switch (this) {
      case EMBEDDED -> " USE INDEX (" + index + ")";
      case POSTGRES -> "";
    };
  }

  /**
   * The number of the fixed-width time bucket {@code column} falls in: whole {@code seconds} since
   * {@link #BUCKET_ORIGIN}. H2 computes it in BIGINT with DATEDIFF (EXTRACT(EPOCH) is NUMERIC there
   * and made hourly aggregation of 30 days of minutes take about twice as long); PostgreSQL has no
   * DATEDIFF.
   */
  String bucketNumber(String column, long seconds) {
    return switch (this) {
      case EMBEDDED ->
          "DATEDIFF(SECOND, TIMESTAMP WITH TIME ZONE '1900-01-01 00:00:00+00', "
              + column
              + ") / "
              + seconds;
      case POSTGRES ->
          // date_part is double precision; EXTRACT returns NUMERIC since PostgreSQL 14 (slower).
          "FLOOR((date_part('epoch', "
              + column
              + ") - "
              + BUCKET_ORIGIN.getEpochSecond()
              + ") / "
              + seconds
              + ")";
    };
  }

  /**
   * Fixed-width buckets count from Monday 1900-01-01 00:00 UTC: hours, days and weeks (from Monday)
   * then align as {@link org.civitas.timeseries.BucketWidth} promises, and every realistic
   * observation lies after it, so integer division never meets a negative number.
   */
  static final java.time.Instant BUCKET_ORIGIN = java.time.Instant.parse("1900-01-01T00:00:00Z");

  /**
   * Makes what the connection just committed durable before the commit is acknowledged. H2 with
   * WRITE_DELAY=0 writes a commit to the file, but skips the write when another session is writing
   * at that moment (the change then waits for the next commit), and never fsyncs. {@code CHECKPOINT
   * SYNC} writes under the store lock and fsyncs: one fsync per ingest batch or transaction, about
   * 0.1 ms here. PostgreSQL flushes its WAL at commit itself.
   */
  void makeDurable(java.sql.Connection connection) throws java.sql.SQLException {
    if (this == EMBEDDED) {
      try (java.sql.Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT SYNC");
      }
    }
  }

  /** A query returning the first id of a fresh block of {@link ObservationIds#BLOCK} ids. */
  String nextObservationIdBlock() {
    return nextObservationIdBlock;
  }

  // ---------------------------------------------------------------------------- $filter
  // (FilterSql)

  /**
   * {@code a mod b}: PostgreSQL has MOD for exact numbers only; H2's MOD takes the divisor's type,
   * so 20.5 mod 7 would be 6, not 6.5.
   */
  SqlFragment modulo(SqlFragment a, SqlFragment b) {
    return switch (this) {
      case EMBEDDED -> SqlFragment.of("MOD(", a, ", CAST(", b, " AS DOUBLE PRECISION))");
      case POSTGRES -> SqlFragment.of("MOD(CAST(", a, " AS NUMERIC), CAST(", b, " AS NUMERIC))");
    };
  }

  /**
   * OData's round: halves away from zero. PostgreSQL's round of a double rounds halves to even, of
   * a NUMERIC away from zero; H2 rounds halves up (away from zero) either way.
   */
  SqlFragment round(SqlFragment number) {
    return switch (this) {
      case EMBEDDED -> SqlFragment.of("ROUND(", number, ")");
      case POSTGRES -> SqlFragment.of("ROUND(CAST(", number, " AS NUMERIC))");
    };
  }

  /**
   * The fraction of the second of a time read in UTC, 0 ≤ f &lt; 1. PostgreSQL's EXTRACT(SECOND)
   * carries the fraction; H2's is a whole number, its fraction is in NANOSECOND.
   */
  SqlFragment fractionalSeconds(SqlFragment utcTime) {
    return switch (this) {
      case EMBEDDED -> SqlFragment.of("(EXTRACT(NANOSECOND FROM ", utcTime, ") / 1000000000.0)");
      case POSTGRES ->
          SqlFragment.of(
              "(EXTRACT(SECOND FROM ", utcTime, ") - FLOOR(EXTRACT(SECOND FROM ", utcTime, ")))");
    };
  }
}
