package org.civitas.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach the storage engine.
 *
 * @param kind which engine
 * @param dataDir {@link StorageKind#EMBEDDED}: the directory holding the database file ({@code
 *     civitas.mv.db}); created if missing. Unused for PostgreSQL.
 * @param url {@link StorageKind#POSTGRES}: the JDBC URL, e.g. {@code
 *     jdbc:postgresql://127.0.0.1:5432/civitas}. For the embedded engine an optional override of
 *     the H2 URL (null or blank: derived from {@code dataDir}).
 * @param user the database user (PostgreSQL; optional override for H2)
 * @param password the password, may be null or empty with trust authentication
 * @param poolSize the most connections kept open; the ingest writer uses one of them
 */
public record StorageSettings(
    StorageKind kind, Path dataDir, String url, String user, String password, int poolSize) {

  /** The embedded engine in {@code dataDir} with a pool of 8 connections. */
  public static StorageSettings embedded(Path dataDir) {
    return new StorageSettings(StorageKind.EMBEDDED, dataDir, null, null, null, 8);
  }

  /** PostgreSQL at {@code url} with a pool of 8 connections. */
  public static StorageSettings postgres(String url, String user, String password) {
    return new StorageSettings(StorageKind.POSTGRES, null, url, user, password, 8);
  }

  /**
   * Everything wrong with these settings, each as a sentence saying what was expected; empty when
   * they can be used. The application reports these together with its other settings' problems.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (kind == null) {
      problems.add("storage kind must be embedded or postgres, was not set");
    }
    if (poolSize < 2) {
      problems.add(
          "storage pool size must be at least 2 (one connection is the ingest writer's), was "
              + poolSize);
    }
    if (kind == StorageKind.EMBEDDED && dataDir == null && isBlank(url)) {
      problems.add("embedded storage needs a data directory");
    }
    if (kind == StorageKind.POSTGRES) {
      if (isBlank(url)) {
        problems.add("postgres storage needs a JDBC url such as jdbc:postgresql://host:5432/db");
      } else if (!url.startsWith("jdbc:postgresql:")) {
        problems.add("postgres storage url must start with jdbc:postgresql:, was " + url);
      }
      if (isBlank(user)) {
        problems.add("postgres storage needs a user");
      }
    }
    return problems;
  }

  static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
