package org.civitas.governance.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.TestPostgres;

/** The verifier over PostgreSQL, a fresh schema per test; fails when PostgreSQL is unreachable. */
class PostgresAuditVerifierTest extends AuditVerifierContract {
  private TestPostgres schema;

  @Override
  SensingStore openFresh() {
    schema = TestPostgres.freshSchema("civitas_audit_verify");
    return Storage.open(schema.settings());
  }

  @Override
  Connection rawConnection() throws SQLException {
    return DriverManager.getConnection(schema.url(), schema.user(), "");
  }

  @Override
  String disableTrigger() {
    return "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only";
  }

  @Override
  void afterStoreClosed() {
    schema.close();
  }
}
