package org.civitas.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The purpose and technology register stores on the embedded engine. */
class EmbeddedGovernanceRegistersTest extends GovernanceRegistersContract {
  @TempDir static Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }
}
