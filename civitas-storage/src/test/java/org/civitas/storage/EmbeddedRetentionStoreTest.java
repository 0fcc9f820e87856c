package org.civitas.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The retention store contract on the embedded engine (H2 in a temporary directory). */
class EmbeddedRetentionStoreTest extends RetentionStoreContract {
  @TempDir static Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }
}
