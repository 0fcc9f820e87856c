package org.civitas.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;

/** Devices on the embedded broker over the embedded engine, in a fresh data directory. */
class MqttDevicesOnEmbeddedTest extends MqttDevicesContract {

  private Path dataDir;

  @Override
  SensingStore openStore() {
    try {
      dataDir = Files.createTempDirectory("civitas-mqtt-devices-store");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Storage.open(StorageSettings.embedded(dataDir));
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
