package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The storage contract on PostgreSQL: the server on 127.0.0.1:5432, database {@code test}, trust
 * authentication (override with {@code CIVITAS_TEST_POSTGRES_URL} and {@code
 * CIVITAS_TEST_POSTGRES_USER}). Each run uses its own fresh schema and drops it afterwards, so runs
 * never collide.
 *
 * <p>When PostgreSQL is unreachable these tests FAIL: CI must not pass without having run them. For
 * local work without PostgreSQL only, {@code CIVITAS_TEST_POSTGRES=skip} skips them.
 */
class PostgresSensingStoreTest extends SensingStoreContract {
  static final String URL =
      env("CIVITAS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = env("CIVITAS_TEST_POSTGRES_USER", "postgres");

  private final String schema =
      "civitas_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private boolean created;

  @Override
  protected StorageSettings settings() {
    if (!created) {
      Assumptions.assumeFalse(
          "skip".equals(System.getenv("CIVITAS_TEST_POSTGRES")),
          "CIVITAS_TEST_POSTGRES=skip: PostgreSQL contract tests skipped (local use only)");
      execute("CREATE SCHEMA " + schema);
      created = true;
    }
    return StorageSettings.postgres(URL + "?currentSchema=" + schema, USER, "");
  }

  @Override
  protected void afterStoreClosed() {
    if (created) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Override
  protected Connection connectDirectly() throws SQLException {
    Connection connection = DriverManager.getConnection(URL + "?currentSchema=" + schema, USER, "");
    try (Statement statement = connection.createStatement()) {
      // Fresh statistics, as autovacuum would gather them on a real table.
      statement.execute("ANALYZE observation");
    }
    return connection;
  }

  @Override
  protected void assertReadsIndexInOrder(String plan) {
    assertThat(plan).as(plan).contains("Index Scan Backward using observation_datastream_time");
    assertThat(plan).as(plan).doesNotContain("Sort").doesNotContain("Seq Scan");
  }

  static Connection connect() {
    try {
      return DriverManager.getConnection(URL, USER, "");
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL is required for the storage contract tests and is not reachable at "
              + URL
              + " as "
              + USER
              + " ("
              + e.getMessage()
              + "). Start it, or set CIVITAS_TEST_POSTGRES=skip for local work only.",
          e);
    }
  }

  private static void execute(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError("cannot run " + sql + " on PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
