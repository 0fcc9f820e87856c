package org.civitas.app.config;

import java.nio.file.Path;
import java.util.List;
import org.civitas.storage.StorageKind;
import org.civitas.storage.StorageSettings;

/**
 * Which storage engine holds the data, and how to reach PostgreSQL when it is that one.
 *
 * @param kind the engine
 * @param url the JDBC URL of PostgreSQL; empty for the embedded engine
 * @param user the PostgreSQL user
 * @param password the PostgreSQL password; never logged or shown
 * @param poolSize most connections held open
 */
public record StorageConfig(
    StorageKind kind, String url, String user, String password, int poolSize) {

  static final Setting KIND =
      Setting.of(
          "storage",
          "kind",
          "embedded",
          "embedded (an H2 database file under data.dir, nothing to install) or postgres");
  static final Setting URL =
      Setting.of(
          "storage",
          "url",
          "",
          "JDBC URL of PostgreSQL, e.g. jdbc:postgresql://127.0.0.1:5432/civitas;"
              + " required when storage.kind=postgres");
  static final Setting USER =
      Setting.of("storage", "user", "civitas", "PostgreSQL user (unused by the embedded engine)");
  static final Setting PASSWORD = Setting.secret("storage", "password", "PostgreSQL password");
  static final Setting POOL_SIZE =
      Setting.of(
          "storage",
          "pool-size",
          "8",
          "Most database connections held open at once; one is the ingest writer's");
  static final List<Setting> SETTINGS = List.of(KIND, URL, USER, PASSWORD, POOL_SIZE);

  private static final String POSTGRES_URL_PREFIX = "jdbc:postgresql://";

  static StorageConfig read(SettingsReader settings) {
    StorageKind kind = settings.choice(KIND, StorageKind.class);
    String url = settings.text(URL);
    if (kind == StorageKind.POSTGRES && url.isEmpty()) {
      settings.problem(
          URL, "is required when storage.kind=postgres; expected " + POSTGRES_URL_PREFIX + "...");
    } else if (kind == StorageKind.POSTGRES && !url.startsWith(POSTGRES_URL_PREFIX)) {
      settings.problem(URL, "expected a PostgreSQL JDBC URL starting with " + POSTGRES_URL_PREFIX);
    }
    String user = settings.text(USER);
    if (kind == StorageKind.POSTGRES && user.isEmpty()) {
      settings.problem(USER, "is required when storage.kind=postgres");
    }
    return new StorageConfig(
        kind, url, user, settings.secret(PASSWORD), settings.integer(POOL_SIZE, 2, 200));
  }

  /**
   * The settings the storage module opens its engine with. The embedded engine gets no URL, user or
   * password: it derives them from the data directory, and a user given here would not match the
   * one its database file was created with.
   */
  public StorageSettings toStorageSettings(Path dataDir) {
    return switch (kind) {
      case EMBEDDED -> new StorageSettings(kind, dataDir, null, null, null, poolSize);
      case POSTGRES -> new StorageSettings(kind, null, url, user, password, poolSize);
    };
  }

  /** Masks the password: records print every component, and configurations end up in logs. */
  @Override
  public String toString() {
    return "StorageConfig[kind=%s, url=%s, user=%s, password=%s, poolSize=%d]"
        .formatted(kind, url, user, password.isEmpty() ? "" : "********", poolSize);
  }
}
