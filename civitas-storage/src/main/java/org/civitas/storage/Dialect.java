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

  /** A query returning the first id of a fresh block of {@link ObservationIds#BLOCK} ids. */
  String nextObservationIdBlock() {
    return nextObservationIdBlock;
  }
}
