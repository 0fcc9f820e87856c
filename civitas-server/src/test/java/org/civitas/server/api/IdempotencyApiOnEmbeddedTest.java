package org.civitas.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.civitas.storage.StorageSettings;

/** Idempotency keys and back-pressure over HTTP on the embedded engine, in a fresh directory. */
class IdempotencyApiOnEmbeddedTest extends IdempotencyApiContract {

  private Path dataDir;

  @Override
  StorageSettings settings() {
    try {
      if (dataDir == null) {
        dataDir = Files.createTempDirectory("civitas-idempotency-test");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return StorageSettings.embedded(dataDir);
  }

  @Override
  void cleanUp() {
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
