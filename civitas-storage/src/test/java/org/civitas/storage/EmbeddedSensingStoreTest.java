package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.Test;
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

  @Test
  void every_acknowledged_observation_survives_the_process_being_killed(@TempDir Path killedDir)
      throws Exception {
    Process child =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                IngestUntilKilled.class.getName(),
                killedDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Long> acknowledged = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < 400 && (line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acknowledged.add(Long.parseLong(line.substring(4)));
        }
      }
    } finally {
      // SIGKILL while the writer is busy: no shutdown hook, no close, no flush.
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).as("acknowledgements before the kill").hasSize(400);

    try (SensingStore reopened = Storage.open(StorageSettings.embedded(killedDir))) {
      List<Long> lost =
          acknowledged.stream()
              .filter(id -> reopened.find(EntityType.OBSERVATION, id, Set.of("result")).isEmpty())
              .toList();
      assertThat(lost).as("acknowledged but lost").isEmpty();
    }
  }
}
