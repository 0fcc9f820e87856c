package org.civitas.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The subject request store contract on the embedded engine (H2 in a temporary directory). */
class EmbeddedSubjectRequestStoreTest extends SubjectRequestStoreContract {
  @TempDir static Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }
}
