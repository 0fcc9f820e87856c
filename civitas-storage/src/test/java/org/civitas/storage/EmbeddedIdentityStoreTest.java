package org.civitas.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The identity store contract on the embedded engine (H2 in a temporary directory). */
class EmbeddedIdentityStoreTest extends IdentityStoreContract {
  @TempDir static Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }
}
