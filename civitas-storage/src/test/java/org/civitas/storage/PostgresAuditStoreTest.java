package org.civitas.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.civitas.sensing.store.SensingStore;

/**
 * The audit store on PostgreSQL, in a fresh schema per test ({@link TestPostgres}); fails when
 * PostgreSQL is unreachable.
 */
class PostgresAuditStoreTest extends AuditStoreContract {
  private TestPostgres schema;

  @Override
  protected SensingStore openFresh() {
    schema = TestPostgres.freshSchema("civitas_audit_test");
    return Storage.open(schema.settings());
  }

  @Override
  protected Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(schema.url(), schema.user(), "");
  }

  @Override
  protected String disableTrigger() {
    return "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only";
  }

  @Override
  protected void afterStoreClosed() {
    if (schema != null) {
      schema.close();
      schema = null;
    }
  }
}
