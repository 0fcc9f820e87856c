package org.civitas.storage;

/**
 * The public alert store contract on PostgreSQL, in a fresh schema of its own ({@link
 * TestPostgres}); fails when PostgreSQL is unreachable.
 */
class PostgresPublicAlertStoreTest extends PublicAlertStoreContract {
  private TestPostgres postgres;

  @Override
  protected StorageSettings settings() {
    postgres = TestPostgres.freshSchema("civitas_test_alerts");
    return postgres.settings();
  }

  @Override
  protected void afterStoreClosed() {
    if (postgres != null) {
      postgres.close();
    }
  }
}
