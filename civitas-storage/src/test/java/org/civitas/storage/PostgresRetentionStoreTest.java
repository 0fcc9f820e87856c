package org.civitas.storage;

/** The retention store on PostgreSQL in a fresh schema; fails when PostgreSQL is unreachable. */
class PostgresRetentionStoreTest extends RetentionStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_retention_test");
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
