package org.civitas.storage;

/**
 * The Datastream policy store on PostgreSQL, in a fresh schema of its own ({@link TestPostgres});
 * fails when PostgreSQL is unreachable.
 */
class PostgresDatastreamPolicyStoreTest extends DatastreamPolicyStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    if (schema == null) {
      schema = TestPostgres.freshSchema("civitas_policies_test");
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
