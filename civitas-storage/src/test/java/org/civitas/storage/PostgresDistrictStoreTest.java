package org.civitas.storage;

/**
 * The district store on PostgreSQL, in a fresh schema of its own ({@link TestPostgres}); fails when
 * PostgreSQL is unreachable.
 */
class PostgresDistrictStoreTest extends DistrictStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_districts_test");
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
