package org.civitas.devices.http;

import java.nio.file.Path;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.io.TempDir;

/** Device health end to end over the embedded engine, in a fresh data directory. */
class DeviceHealthOnEmbeddedTest extends DeviceHealthContract {
  @TempDir static Path dataDir;

  @Override
  SensingStore openStore() {
    return Storage.open(StorageSettings.embedded(dataDir));
  }
}
