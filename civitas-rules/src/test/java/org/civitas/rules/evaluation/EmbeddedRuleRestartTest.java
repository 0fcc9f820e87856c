package org.civitas.rules.evaluation;

import java.nio.file.Path;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.io.TempDir;

/** Restart and crash safety of rule evaluation on the embedded engine. */
class EmbeddedRuleRestartTest extends RuleRestartContract {
  @TempDir Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }
}
