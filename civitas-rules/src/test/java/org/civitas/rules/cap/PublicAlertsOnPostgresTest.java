package org.civitas.rules.cap;

import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.TestPostgres;

/**
 * Public alerts end to end on PostgreSQL, in a fresh schema ({@link TestPostgres}); fails, never
 * skips, when PostgreSQL is unreachable.
 */
class PublicAlertsOnPostgresTest extends PublicAlertsContract {
  private TestPostgres postgres;

  @Override
  SensingStore openStore() {
    postgres = TestPostgres.freshSchema("civitas_test_cap");
    return Storage.open(postgres.settings());
  }

  @Override
  void cleanUp() {
    if (postgres != null) {
      postgres.close();
    }
  }
}
