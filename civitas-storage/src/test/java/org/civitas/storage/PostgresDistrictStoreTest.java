package org.civitas.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The district store contract on PostgreSQL, in a fresh schema of its own on the server that {@link
 * PostgresSensingStoreTest} describes; fails when PostgreSQL is unreachable.
 */
class PostgresDistrictStoreTest extends DistrictStoreContract {
  private final String schema =
      "civitas_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private boolean created;

  @Override
  protected StorageSettings settings() {
    if (!created) {
      execute("CREATE SCHEMA " + schema);
      created = true;
    }
    return StorageSettings.postgres(
        PostgresSensingStoreTest.URL + "?currentSchema=" + schema,
        PostgresSensingStoreTest.USER,
        "");
  }

  @Override
  protected void afterStoreClosed() {
    if (created) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void execute(String sql) {
    try (Connection connection = PostgresSensingStoreTest.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("cannot run " + sql + " on PostgreSQL: " + e.getMessage(), e);
    }
  }
}
