package org.civitas.storage;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/**
 * The H2 trigger on {@code audit_entry} that refuses every UPDATE and DELETE (created by migration
 * V12_1; PostgreSQL has its own in PL/pgSQL). Public only because H2 instantiates it by name; no
 * Civitas code uses it.
 */
public final class AuditAppendOnlyTrigger implements Trigger {

  @Override
  public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
    throw new SQLException(
        "the audit log is append-only: "
            + (newRow == null ? "DELETE" : "UPDATE")
            + " of audit_entry refused",
        "23001");
  }
}
