package org.civitas.storage;

/**
 * The subject request store on PostgreSQL in a fresh schema; fails when PostgreSQL is unreachable.
 */
class PostgresSubjectRequestStoreTest extends SubjectRequestStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_subject_requests_test");
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
