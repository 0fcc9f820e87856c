package org.civitas.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty schema on the PostgreSQL that every engine-pair test uses (127.0.0.1:5432,
 * database {@code test}, trust authentication; override with {@code CIVITAS_TEST_POSTGRES_URL} and
 * {@code CIVITAS_TEST_POSTGRES_USER}), for the PostgreSQL half of each contract test in every
 * module (from the test-jar). Creating it fails — never skips — when PostgreSQL is unreachable, so
 * CI cannot pass without the second engine.
 */
public final class TestPostgres implements AutoCloseable {
  private final String schema;

  private TestPostgres(String schema) {
    this.schema = schema;
  }

  /** Creates {@code <prefix>_<random>}; close it to drop the schema and all it holds. */
  public static TestPostgres freshSchema(String prefix) {
    String schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + schema);
    return new TestPostgres(schema);
  }

  public String schema() {
    return schema;
  }

  /** The JDBC URL of the schema. */
  public String url() {
    return PostgresSensingStoreTest.URL + "?currentSchema=" + schema;
  }

  public String user() {
    return PostgresSensingStoreTest.USER;
  }

  /** Storage settings that put every table of Civitas in this schema. */
  public StorageSettings settings() {
    return StorageSettings.postgres(url(), user(), "");
  }

  @Override
  public void close() {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** Runs statements on the test database, outside any Civitas schema. */
  public static void execute(String... statements) {
    try (Connection connection =
            DriverManager.getConnection(
                PostgresSensingStoreTest.URL, PostgresSensingStoreTest.USER, "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL at "
              + PostgresSensingStoreTest.URL
              + " is needed for these tests (trust authentication, database test): "
              + e.getMessage(),
          e);
    }
  }
}
