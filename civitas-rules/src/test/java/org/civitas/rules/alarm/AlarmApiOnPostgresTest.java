package org.civitas.rules.alarm;

import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.TestPostgres;

/** The alarm APIs over PostgreSQL in a fresh schema; fails when PostgreSQL is unreachable. */
class AlarmApiOnPostgresTest extends AlarmApiContract {
  private TestPostgres schema;

  @Override
  SensingStore openStore() {
    schema = TestPostgres.freshSchema("civitas_alarm_api");
    return Storage.open(schema.settings());
  }

  @Override
  void cleanUp() {
    schema.close();
  }
}
