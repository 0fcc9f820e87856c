package org.civitas.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.io.TempDir;

/** The audit store contract on the embedded engine (H2 in a temporary directory per test). */
class EmbeddedAuditStoreTest extends AuditStoreContract {
  @TempDir Path dataDir;

  @Override
  protected SensingStore openFresh() {
    return Storage.open(StorageSettings.embedded(dataDir));
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    // The same JVM reaches the open database file through H2's own URL.
    return DriverManager.getConnection(Storage.h2Url(dataDir), "sa", "");
  }

  @Override
  protected String disableTrigger() {
    return "DROP TRIGGER audit_entry_append_only";
  }
}
