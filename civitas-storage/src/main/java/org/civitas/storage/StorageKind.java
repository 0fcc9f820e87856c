package org.civitas.storage;

/** The storage engines Civitas runs on; chosen by configuration ({@code storage.kind}). */
public enum StorageKind {
  /** H2 in file mode inside the Civitas process: one data directory, nothing to install. */
  EMBEDDED,
  /** An external PostgreSQL server, for production and for several Civitas nodes. */
  POSTGRES
}
