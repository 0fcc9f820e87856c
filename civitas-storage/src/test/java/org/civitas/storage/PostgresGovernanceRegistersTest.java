package org.civitas.storage;

/**
 * The purpose and technology register stores on PostgreSQL, in a fresh schema; fails when
 * PostgreSQL is unreachable.
 */
class PostgresGovernanceRegistersTest extends GovernanceRegistersContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_registers_test");
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
