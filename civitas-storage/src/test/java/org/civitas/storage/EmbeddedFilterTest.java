package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** {@code $filter} on the embedded engine: H2 in file mode in a temporary directory. */
class EmbeddedFilterTest extends FilterStoreContract {
  @TempDir static Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }

  @Override
  protected Connection connectDirectly() throws SQLException {
    return DriverManager.getConnection(Storage.h2Url(dataDir), "sa", "");
  }

  @Override
  protected void assertUsesStreamTimeIndex(String plan) {
    assertThat(plan).as(plan).contains("public.observation_datastream_time: datastream_id = ");
    assertThat(plan).as(plan).contains("/* index sorted */");
  }
}
