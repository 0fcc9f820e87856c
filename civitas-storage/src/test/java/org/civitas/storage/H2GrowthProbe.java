package org.civitas.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.civitas.sensing.store.SensingStore;
import org.civitas.timeseries.NewObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a check (not matched by the build's test includes): ingests PROBE_N
 * Observations in commits of PROBE_BATCH and prints the database file size; see
 * docs/PERFORMANCE.md, "Embedded database file size".
 */
class H2GrowthProbe {
  @Test
  void probe(@TempDir Path dir) throws Exception {
    int n = Integer.parseInt(System.getenv().getOrDefault("PROBE_N", "20000"));
    int batch = Integer.parseInt(System.getenv().getOrDefault("PROBE_BATCH", "1"));
    String suffix = System.getenv().getOrDefault("PROBE_SUFFIX", "");
    String url =
        Storage.h2Url(dir)
                .replace(
                    "WRITE_DELAY=500", System.getenv().getOrDefault("PROBE_WD", "WRITE_DELAY=500"))
                .replace(
                    "RETENTION_TIME=2000",
                    System.getenv().getOrDefault("PROBE_RET", "RETENTION_TIME=2000"))
            + suffix;
    SensingStore store =
        Storage.open(new StorageSettings(StorageKind.EMBEDDED, dir, url, null, null, 8));
    int streams = Integer.parseInt(System.getenv().getOrDefault("PROBE_STREAMS", "1"));
    List<SensingFixtures.Graph> graphs = new ArrayList<>();
    for (int k = 0; k < streams; k++) {
      graphs.add(SensingFixtures.graph(store, "growth " + k));
    }
    long start = System.nanoTime();
    for (int i = 0; i < n; i += batch) {
      List<NewObservation> list = new ArrayList<>();
      for (int j = i; j < i + batch; j++) {
        list.add(
            SensingFixtures.observation(
                graphs.get(j % streams).datastream(),
                graphs.get(j % streams).featureOfInterest(),
                Instant.ofEpochSecond(1_700_000_000L + j),
                Integer.toString(j)));
      }
      store.ingest().submitAll(list).join();
      if ((i + batch) % 10000 == 0) {
        System.out.printf(
            "PROBE at %d size=%.1f MB t=%.1f s%n",
            i + batch,
            Files.size(dir.resolve("civitas.mv.db")) / 1e6,
            (System.nanoTime() - start) / 1e9);
      }
    }
    long nanos = System.nanoTime() - start;
    Path file = dir.resolve("civitas.mv.db");
    System.out.printf(
        "PROBE n=%d batch=%d suffix=%s size=%d bytes (%.1f MB) rate=%.0f obs/s%n",
        n, batch, suffix, Files.size(file), Files.size(file) / 1e6, n / (nanos / 1e9));
    store.close();
    System.out.printf("PROBE after close size=%.1f MB%n", Files.size(file) / 1e6);
  }
}
