package org.civitas.governance.subjects;

import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.TestPostgres;

/** The data-subject request API on PostgreSQL in a fresh schema; fails when it is unreachable. */
class PostgresSubjectRequestApiTest extends SubjectRequestApiContract {
  private TestPostgres schema;

  @Override
  SensingStore openStore() {
    schema = TestPostgres.freshSchema("civitas_subject_api");
    return Storage.open(schema.settings());
  }

  @Override
  void cleanUp() {
    schema.close();
  }
}
