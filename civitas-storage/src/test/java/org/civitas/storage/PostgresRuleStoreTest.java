package org.civitas.storage;

/**
 * The rule store contract on PostgreSQL, in a fresh schema of its own ({@link TestPostgres}); fails
 * when PostgreSQL is unreachable.
 */
class PostgresRuleStoreTest extends RuleStoreContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    schema = TestPostgres.freshSchema("civitas_rules_test");
    return schema.settings();
  }

  @Override
  protected void afterStoreClosed() {
    if (schema != null) {
      schema.close();
    }
  }
}
