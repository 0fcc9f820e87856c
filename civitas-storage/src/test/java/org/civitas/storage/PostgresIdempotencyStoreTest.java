package org.civitas.storage;

/**
 * The idempotency contract on PostgreSQL, in a fresh schema of its own ({@link TestPostgres});
 * fails when PostgreSQL is unreachable.
 */
class PostgresIdempotencyStoreTest extends IdempotencyStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_keys_test");
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
