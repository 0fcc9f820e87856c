package org.civitas.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idempotency-key contract of the ingest path on the embedded engine (H2 in a temporary
 * directory).
 */
class EmbeddedIdempotencyStoreTest extends IdempotencyStoreContract {
  @TempDir static Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }
}
