package org.civitas.devices.lorawan;

import java.nio.file.Path;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.io.TempDir;

/** The LoRaWAN webhooks and downlinks end to end over the embedded engine. */
class LorawanWebhookOnEmbeddedTest extends LorawanWebhookContract {
  @TempDir static Path dataDir;

  @Override
  SensingStore openStore() {
    return Storage.open(StorageSettings.embedded(dataDir));
  }
}
