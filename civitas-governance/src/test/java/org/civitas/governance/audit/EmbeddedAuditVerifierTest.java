package org.civitas.governance.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.io.TempDir;

/** The verifier over the embedded engine (H2 in a temporary directory per test). */
class EmbeddedAuditVerifierTest extends AuditVerifierContract {
  @TempDir Path dataDir;

  @Override
  SensingStore openFresh() {
    return Storage.open(StorageSettings.embedded(dataDir));
  }

  @Override
  Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(EmbeddedDatabase.url(dataDir), "sa", "");
  }

  @Override
  String disableTrigger() {
    return "DROP TRIGGER IF EXISTS audit_entry_append_only";
  }
}
