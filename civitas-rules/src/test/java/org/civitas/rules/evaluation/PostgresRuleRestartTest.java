package org.civitas.rules.evaluation;

import org.civitas.storage.StorageSettings;
import org.civitas.storage.TestPostgres;

/** Restart and crash safety of rule evaluation on PostgreSQL; fails when it is unreachable. */
class PostgresRuleRestartTest extends RuleRestartContract {
  private TestPostgres schema;

  @Override
  protected StorageSettings settings() {
    schema = TestPostgres.freshSchema("civitas_rules_restart");
    return schema.settings();
  }

  @Override
  protected void afterStoreClosed() {
    schema.close();
  }
}
