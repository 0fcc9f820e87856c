package org.civitas.mqtt;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;

/**
 * Devices on the embedded broker over PostgreSQL on 127.0.0.1:5432 (database {@code test}), in a
 * schema of its own. Fails, never skips, when PostgreSQL is unreachable.
 */
class MqttDevicesOnPostgresTest extends MqttDevicesContract {

  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String USER = "postgres";

  private final String schema = "mqtt_devices_" + ProcessHandle.current().pid();

  @Override
  SensingStore openStore() {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "CREATE SCHEMA " + schema);
    return Storage.open(StorageSettings.postgres(SERVER + "?currentSchema=" + schema, USER, ""));
  }

  @Override
  void cleanUp() {
    execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  private static void execute(String... statements) {
    try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + SERVER + " is needed for these tests: " + e.getMessage(), e);
    }
  }
}
