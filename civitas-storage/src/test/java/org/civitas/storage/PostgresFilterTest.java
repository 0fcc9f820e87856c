package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * {@code $filter} on PostgreSQL (127.0.0.1:5432, database {@code test}, as {@link
 * PostgresSensingStoreTest} reaches it), in a fresh schema dropped afterwards. Fails when
 * PostgreSQL is down.
 */
class PostgresFilterTest extends FilterStoreContract {
  private final String schema =
      "civitas_filter_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private boolean created;

  @Override
  protected StorageSettings settings() {
    if (!created) {
      execute("CREATE SCHEMA " + schema);
      created = true;
    }
    return StorageSettings.postgres(url(), PostgresSensingStoreTest.USER, "");
  }

  private String url() {
    return PostgresSensingStoreTest.URL + "?currentSchema=" + schema;
  }

  @Override
  protected void afterStoreClosed() {
    if (created) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Override
  protected Connection connectDirectly() throws SQLException {
    Connection connection = DriverManager.getConnection(url(), PostgresSensingStoreTest.USER, "");
    try (Statement statement = connection.createStatement()) {
      statement.execute("ANALYZE observation");
    }
    return connection;
  }

  @Override
  protected void assertUsesStreamTimeIndex(String plan) {
    assertThat(plan).as(plan).contains("using observation_datastream_time");
    assertThat(plan).as(plan).doesNotContain("Seq Scan").doesNotContain("Sort");
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
