package org.civitas.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the embedded engine: H2 in file mode in a temporary directory. */
class EmbeddedSensingStoreTest extends SensingStoreContract {
  @TempDir static Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }
}
