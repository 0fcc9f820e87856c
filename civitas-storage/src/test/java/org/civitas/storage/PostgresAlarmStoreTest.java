package org.civitas.storage;

/**
 * The alarm and notification store contract on PostgreSQL, in a fresh schema of its own; fails when
 * PostgreSQL is unreachable.
 */
class PostgresAlarmStoreTest extends AlarmStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_alarms");
    }
    return schema.settings();
  }

  @Override
  protected void afterStoreClosed() {
    if (schema != null) {
      schema.close();
    }
  }
}
