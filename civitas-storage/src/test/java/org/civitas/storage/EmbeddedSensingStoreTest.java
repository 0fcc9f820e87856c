package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the embedded engine: H2 in file mode in a temporary directory. */
class EmbeddedSensingStoreTest extends SensingStoreContract {
  @TempDir static Path dataDir;

  @Override
  protected StorageSettings settings() {
    return StorageSettings.embedded(dataDir);
  }

  @Override
  protected Connection connectDirectly() throws SQLException {
    // The same URL inside the same JVM joins the store's open database.
    return DriverManager.getConnection(Storage.h2Url(dataDir), "sa", "");
  }

  @Override
  protected void assertReadsIndexInOrder(String plan) {
    // Every SELECT of the plan names the index and is marked as needing no sort.
    int selects = plan.split("FROM \"public\".\"observation\"", -1).length - 1;
    assertThat(selects).as(plan).isPositive();
    assertThat(plan.split("/\\* public.observation_datastream_time: datastream_id = ", -1))
        .as(plan)
        .hasSize(selects + 1);
    assertThat(plan.split("/\\* index sorted \\*/", -1)).as(plan).hasSize(selects + 1);
  }
}
