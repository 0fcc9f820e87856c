package org.civitas.rules.alarm;

import java.nio.file.Path;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.io.TempDir;

/** The alarm APIs over the embedded engine. */
class AlarmApiOnEmbeddedTest extends AlarmApiContract {
  @TempDir static Path dataDir;

  @Override
  SensingStore openStore() {
    return Storage.open(StorageSettings.embedded(dataDir));
  }
}
