package org.civitas.storage;

import org.civitas.sensing.store.SensingStore;

/**
 * Opens stores with limits that only tests need, for other modules' tests (from the test-jar): a
 * tiny ingest queue makes back-pressure reachable without millions of observations.
 */
public final class TestStorage {
  private TestStorage() {}

  /**
   * A store on {@code settings} whose ingest queue holds {@code capacity} observations and whose
   * transactions hold {@code batch} at most.
   */
  public static SensingStore openWithIngestLimits(
      StorageSettings settings, int capacity, int batch) {
    return Storage.open(settings, new Storage.Tuning(capacity, batch));
  }
}
