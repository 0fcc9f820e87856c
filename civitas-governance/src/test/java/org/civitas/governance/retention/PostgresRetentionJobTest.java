package org.civitas.governance.retention;

import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.TestPostgres;

/** The retention job on PostgreSQL in a fresh schema; fails when PostgreSQL is unreachable. */
class PostgresRetentionJobTest extends RetentionJobContract {
  private TestPostgres schema;

  @Override
  SensingStore openStore() {
    schema = TestPostgres.freshSchema("civitas_retention_job");
    return Storage.open(schema.settings());
  }

  @Override
  void cleanUp() {
    schema.close();
  }
}
