package org.civitas.governance.access;

import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.TestPostgres;

/** The gate and identity API on PostgreSQL, in a fresh schema; fails when it is unreachable. */
class IdentityApiOnPostgresTest extends IdentityApiContract {
  private TestPostgres schema;

  @Override
  SensingStore openStore() {
    schema = TestPostgres.freshSchema("civitas_identity_api_test");
    return Storage.open(schema.settings());
  }

  @Override
  void cleanUp() {
    if (schema != null) {
      schema.close();
    }
  }
}
