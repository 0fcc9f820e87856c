package org.civitas.governance.classes;

import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.TestPostgres;

/** The data classes across the API on PostgreSQL; fails when PostgreSQL is unreachable. */
class DataClassesApiOnPostgresTest extends DataClassesApiContract {
  private TestPostgres schema;

  @Override
  SensingStore openStore() {
    schema = TestPostgres.freshSchema("civitas_classes_test");
    return Storage.open(schema.settings());
  }

  @Override
  void cleanUp() {
    if (schema != null) {
      schema.close();
    }
  }
}
