package org.civitas.rules.cap;

import java.nio.file.Path;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.io.TempDir;

/** Public alerts end to end on the embedded engine (H2 in a temporary directory). */
class PublicAlertsOnEmbeddedTest extends PublicAlertsContract {
  @TempDir static Path dataDir;

  @Override
  SensingStore openStore() {
    return Storage.open(StorageSettings.embedded(dataDir));
  }
}
