package org.civitas.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@code civitas audit verify} on PostgreSQL (127.0.0.1:5432, database test, trust authentication;
 * {@code CIVITAS_TEST_POSTGRES_URL} overrides), in a fresh schema; fails when it is unreachable.
 */
class AuditVerifyCommandOnPostgresTest extends AuditVerifyCommandContract {
  private static final String URL =
      System.getenv()
          .getOrDefault("CIVITAS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String USER =
      System.getenv().getOrDefault("CIVITAS_TEST_POSTGRES_USER", "postgres");

  private final String schema =
      "civitas_audit_cmd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private String schemaUrl() {
    return URL + "?currentSchema=" + schema;
  }

  @BeforeEach
  void createSchema() throws SQLException {
    execute("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL, USER, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Override
  Map<String, String> storageEnv() {
    return env(
        "CIVITAS_DATA_DIR",
        workingDir.resolve("data").toString(),
        "CIVITAS_STORAGE_KIND",
        "postgres",
        "CIVITAS_STORAGE_URL",
        schemaUrl(),
        "CIVITAS_STORAGE_USER",
        USER);
  }

  @Override
  StorageSettings storageSettings() {
    return StorageSettings.postgres(schemaUrl(), USER, "");
  }

  @Override
  Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(schemaUrl(), USER, "");
  }

  @Override
  String disableTrigger() {
    return "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only";
  }
}
