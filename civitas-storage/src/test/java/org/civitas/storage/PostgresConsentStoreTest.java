package org.civitas.storage;

/** The consent store on PostgreSQL in a fresh schema; fails when PostgreSQL is unreachable. */
class PostgresConsentStoreTest extends ConsentStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_consents_test");
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
