package org.civitas.governance.classes;

import java.nio.file.Path;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.io.TempDir;

/** The data classes across the API on the embedded engine. */
class DataClassesApiOnEmbeddedTest extends DataClassesApiContract {
  @TempDir static Path dataDir;

  @Override
  SensingStore openStore() {
    return Storage.open(StorageSettings.embedded(dataDir));
  }
}
