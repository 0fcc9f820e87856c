package org.civitas.governance.retention;

import java.nio.file.Path;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.io.TempDir;

/** The retention job on the embedded engine. */
class EmbeddedRetentionJobTest extends RetentionJobContract {
  @TempDir static Path dataDir;

  @Override
  SensingStore openStore() {
    return Storage.open(StorageSettings.embedded(dataDir));
  }
}
