package org.civitas.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.civitas.storage.StorageSettings;

/** {@code civitas audit verify} on the embedded engine in the test's data directory. */
class AuditVerifyCommandOnEmbeddedTest extends AuditVerifyCommandContract {

  @Override
  Map<String, String> storageEnv() {
    return env("CIVITAS_DATA_DIR", workingDir.resolve("data").toString());
  }

  @Override
  StorageSettings storageSettings() {
    return StorageSettings.embedded(workingDir.resolve("data"));
  }

  @Override
  Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:h2:file:"
            + workingDir.resolve("data").toAbsolutePath().resolve("civitas")
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE",
        "sa",
        "");
  }

  @Override
  String disableTrigger() {
    return "DROP TRIGGER audit_entry_append_only";
  }
}
