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

  /** A query returning the first id of a fresh block of {@link ObservationIds#BLOCK} ids. */
  String nextObservationIdBlock() {
    return nextObservationIdBlock;
  }
}
