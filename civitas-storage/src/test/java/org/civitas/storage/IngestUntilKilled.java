package org.civitas.storage;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.civitas.sensing.store.SensingStore;

/**
 * The child process of the kill -9 test: opens an embedded store in the given directory and ingests
 * Observations from eight threads until it is killed, printing {@code ACK <id>} for each one only
 * after its future completed (that is, after the store said it is committed).
 */
final class IngestUntilKilled {
  private IngestUntilKilled() {}

  public static void main(String[] args) {
    SensingStore store = Storage.open(StorageSettings.embedded(Path.of(args[0])));
    SensingFixtures.Graph graph = SensingFixtures.graph(store, "durable");
    System.out.println("DATASTREAM " + graph.datastream());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    for (int t = 0; t < 8; t++) {
      threads.execute(
          () -> {
            for (long i = 0; ; i++) {
              long id =
                  store
                      .ingest()
                      .submit(
                          SensingFixtures.observation(
                              graph.datastream(),
                              graph.featureOfInterest(),
                              Instant.ofEpochSecond(1_700_000_000L + i),
                              Long.toString(i)))
                      .join();
              synchronized (System.out) {
                System.out.println("ACK " + id);
                System.out.flush();
              }
            }
          });
    }
  }
}
