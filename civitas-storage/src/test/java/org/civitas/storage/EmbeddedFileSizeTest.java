package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H2 database file under the demo's load shape: one commit per Observation. Embedded only: the
 * file and its chunk housekeeping are H2's (PostgreSQL's VACUUM has no counterpart to test here).
 */
class EmbeddedFileSizeTest {
  private static final int COMMITS = 8_000;

  /**
   * Each H2 commit appends a chunk of about 23 KB; without H2's background compaction (stopped by
   * WRITE_DELAY=0) and with its 45 s retention, 8,000 commits left a file of 135 MB for about 2 MB
   * of data. With the fix the file holds at most the last couple of seconds of chunks (about 60 MB
   * at 1,300 commits per second here), and the bound leaves room for a faster disk.
   */
  @Test
  void single_observation_commits_do_not_grow_the_file_without_bound(@TempDir Path dataDir) {
    try (SensingStore store = Storage.open(StorageSettings.embedded(dataDir))) {
      SensingFixtures.Graph g = SensingFixtures.graph(store, "file size");
      for (int i = 0; i < COMMITS; i++) {
        store
            .ingest()
            .submit(
                SensingFixtures.observation(
                    g.datastream(),
                    g.featureOfInterest(),
                    Instant.ofEpochSecond(1_700_000_000L + i),
                    Integer.toString(i)))
            .join();
      }
      assertThat(fileSize(dataDir)).isLessThan(100L * 1024 * 1024);
    }
  }

  private static long fileSize(Path dataDir) {
    try {
      return Files.size(dataDir.resolve("civitas.mv.db"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
