package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.civitas.error.UnavailableException;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageTest {

  @Test
  void settings_report_every_problem_at_once() {
    StorageSettings settings =
        new StorageSettings(StorageKind.POSTGRES, null, "mysql://db", null, null, 1);
    assertThat(settings.problems())
        .containsExactly(
            "storage pool size must be at least 2 (one connection is the ingest writer's), was 1",
            "postgres storage url must start with jdbc:postgresql:, was mysql://db",
            "postgres storage needs a user");
    assertThatThrownBy(() -> Storage.open(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pool size")
        .hasMessageContaining("needs a user");
  }

  @Test
  void embedded_settings_with_a_data_directory_are_valid(@TempDir Path dataDir) {
    assertThat(StorageSettings.embedded(dataDir).problems()).isEmpty();
    assertThat(new StorageSettings(StorageKind.EMBEDDED, null, null, null, null, 4).problems())
        .containsExactly("embedded storage needs a data directory");
  }

  @Test
  void an_unreachable_postgres_is_unavailable_at_open() {
    // Port 1 on the loopback interface: nothing listens there.
    StorageSettings settings =
        StorageSettings.postgres("jdbc:postgresql://127.0.0.1:1/civitas", "civitas", "");
    assertThatThrownBy(() -> Storage.open(settings))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("cannot connect to the postgres database");
  }

  @Test
  void the_embedded_store_keeps_its_data_in_the_data_directory_and_reports_down_once_closed(
      @TempDir Path dataDir) {
    SensingStore store = Storage.open(StorageSettings.embedded(dataDir));
    assertThat(store.status().up()).isTrue();
    assertThat(store.status().detail()).startsWith("H2 ");
    store.close();
    assertThat(dataDir.resolve("civitas.mv.db")).exists();
    assertThat(store.status().up()).isFalse();
    assertThat(store.status().engine()).isEqualTo("embedded");
  }
}
