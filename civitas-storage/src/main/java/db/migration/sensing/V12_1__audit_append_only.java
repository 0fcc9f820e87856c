package db.migration.sensing;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Refuses UPDATE, DELETE and TRUNCATE on {@code audit_entry} (table of V12) in the database itself:
 * defence in depth behind a store that never issues them, against a bug or a careless operator. It
 * does not stop an attacker with the rights to drop or disable a trigger; the hash chain is what
 * makes their changes visible.
 *
 * <p>A Java migration because the engines have no trigger syntax in common: PostgreSQL gets a
 * PL/pgSQL function and row and statement triggers; H2 a row trigger calling {@link
 * org.civitas.storage.AuditAppendOnlyTrigger} (H2 fires no trigger on TRUNCATE; it refuses TRUNCATE
 * of a table other tables reference, and nothing references audit_entry, so H2 leaves TRUNCATE
 * open).
 */
public class V12_1__audit_append_only extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    String engine = context.getConnection().getMetaData().getDatabaseProductName();
    try (Statement statement = context.getConnection().createStatement()) {
      if (engine.equals("PostgreSQL")) {
        statement.execute(
            "CREATE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN RAISE EXCEPTION 'the audit log is append-only: % of audit_entry refused',"
                + " TG_OP USING ERRCODE = 'restrict_violation'; END $$");
        statement.execute(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry"
                + " FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()");
        statement.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry"
                + " FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_refuse_change()");
      } else {
        statement.execute(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE, DELETE ON audit_entry"
                + " FOR EACH ROW CALL '"
                + org.civitas.storage.AuditAppendOnlyTrigger.class.getName()
                + "'");
      }
    }
  }
}
