package org.civitas.storage;

/**
 * The Tasking Core storage contract on PostgreSQL, in a fresh schema of its own ({@link
 * TestPostgres}); fails when PostgreSQL is unreachable.
 */
class PostgresTaskingStoreTest extends TaskingStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_tasking_test");
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
