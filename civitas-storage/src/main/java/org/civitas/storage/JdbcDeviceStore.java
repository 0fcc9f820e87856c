package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceActivity;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.devices.store.DeviceQuery;
import org.civitas.devices.store.DeviceState;
import org.civitas.devices.store.DeviceStore;
import org.civitas.devices.store.Registration;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.identity.Department;
import org.civitas.sensing.model.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JDBC {@link DeviceStore}, the same code on H2 and PostgreSQL, on the connection pool of the
 * sensing store it was made from (tables of migration V5). Obtain it with {@link Storage#devices}.
 */
final class JdbcDeviceStore implements DeviceStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcDeviceStore.class);

  private static final String COLUMNS =
      "id, thing_id, name, profile, district, dev_eui, expected_interval_seconds, state,"
          + " created_at, revoked_at, department";

  private final DataSource dataSource;
  private final Dialect dialect;

  JdbcDeviceStore(DataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** One unit of work on a connection. */
  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T write(String action, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      try {
        dialect.makeDurable(connection);
      } catch (SQLException e) {
        log.error("syncing a committed device change to disk failed; it is committed", e);
      }
      return result;
    } catch (SQLException e) {
      throw translate(e, action);
    }
  }

  private <T> T read(String action, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw translate(e, action);
    }
  }

  /** Names the field of a broken uniqueness or reference rule, which SqlErrors cannot know. */
  private static RuntimeException translate(SQLException e, String action) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    if (state.equals("23505")) {
      if (message.contains("device_dev_eui_unique")) {
        return new ConflictException("another device has this DevEUI", "devEui");
      }
      if (message.contains("device_credential_hash_unique")) {
        return new ConflictException("this credential is in use", "credential");
      }
      return new ConflictException("a device with this id exists already", "id");
    }
    if (state.equals("23503") || state.equals("23506")) {
      if (message.contains("device_thing_fk")) {
        return new InvalidInputException("the device's Thing does not exist", "thingId", e);
      }
      if (message.contains("device_profile_fk")) {
        return new InvalidInputException("the device's profile does not exist", "profile", e);
      }
      if (message.contains("device_field_datastream_fk")) {
        return new InvalidInputException("a field's Datastream does not exist", "fields", e);
      }
    }
    return SqlErrors.translate(e, action);
  }

  // ------------------------------------------------------------------------------- devices

  @Override
  public void create(List<Registration> registrations) {
    if (registrations.isEmpty()) {
      return;
    }
    write(
        "creating devices",
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO device ("
                      + COLUMNS
                      + ", credential_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (Registration registration : registrations) {
              Device device = registration.device();
              insert.setString(1, device.id());
              insert.setLong(2, device.thingId());
              bindChangeable(insert, 3, device);
              insert.setString(8, device.state().name());
              ValueCodec.bindInstant(insert, 9, device.createdAt());
              ValueCodec.bindInstant(insert, 10, null);
              insert.setString(11, departmentName(device));
              insert.setString(12, registration.credentialHash());
              // One statement per device: a batch would name no row when one breaks a rule.
              insert.executeUpdate();
              insertFields(connection, device);
            }
          }
          return null;
        });
  }

  private static String departmentName(Device device) {
    return device.department() == null ? null : device.department().wireName();
  }

  private static Department department(String wireName) {
    return wireName == null
        ? null
        : Department.fromWire(wireName)
            .orElseThrow(() -> new IllegalStateException("unknown department " + wireName));
  }

  /** Binds name, profile, district, DevEUI and expected interval from {@code index} on. */
  private static void bindChangeable(PreparedStatement statement, int index, Device device)
      throws SQLException {
    statement.setString(index, device.name());
    statement.setString(index + 1, device.profile());
    statement.setString(index + 2, device.district());
    statement.setString(index + 3, device.devEui());
    if (device.expectedInterval() == null) {
      statement.setNull(index + 4, Types.BIGINT);
    } else {
      statement.setLong(index + 4, device.expectedInterval().toSeconds());
    }
  }

  private static void insertFields(Connection connection, Device device) throws SQLException {
    if (device.fields().isEmpty()) {
      return;
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO device_field (device_id, field, datastream_id, position)"
                + " VALUES (?, ?, ?, ?)")) {
      int position = 0;
      for (Map.Entry<String, Long> field : device.fields().entrySet()) {
        insert.setString(1, device.id());
        insert.setString(2, field.getKey());
        insert.setLong(3, field.getValue());
        insert.setInt(4, position++);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  @Override
  public Optional<Device> find(String id) {
    return findWhere("id = ?", id);
  }

  @Override
  public Optional<Device> findByDevEui(String devEui) {
    String normalised = Device.normaliseDevEui(devEui);
    return normalised == null ? Optional.empty() : findWhere("dev_eui = ?", normalised);
  }

  @Override
  public Optional<Device> findByCredentialHash(String credentialHash) {
    return findWhere("credential_hash = ? AND state = 'ACTIVE'", credentialHash);
  }

  private Optional<Device> findWhere(String condition, String value) {
    return read(
        "reading a device",
        connection -> {
          List<Device> found =
              devices(
                  connection,
                  "SELECT " + COLUMNS + " FROM device WHERE " + condition,
                  List.of(value));
          return found.stream().findFirst();
        });
  }

  @Override
  public Optional<String> credentialHash(String id) {
    return read(
        "reading a credential",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT credential_hash FROM device WHERE id = ? AND state = 'ACTIVE'")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
              return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<Device> list(DeviceQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM device WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    if (query.state() != null) {
      sql.append(" AND state = ?");
      parameters.add(query.state().name());
    }
    if (query.district() != null) {
      sql.append(" AND district = ?");
      parameters.add(query.district());
    }
    if (query.departments() != null) {
      // A department's operators see its devices and those of no department.
      sql.append(" AND (department IS NULL");
      for (Department department : query.departments()) {
        sql.append(" OR department = ?");
        parameters.add(department.wireName());
      }
      sql.append(")");
    }
    sql.append(" ORDER BY id LIMIT ? OFFSET ?");
    parameters.add(query.top());
    parameters.add(query.skip());
    return read("listing devices", connection -> devices(connection, sql.toString(), parameters));
  }

  /** Runs a device query and reads the devices with their fields (one more query for all). */
  private static List<Device> devices(Connection connection, String sql, List<?> parameters)
      throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(Row.read(result));
        }
      }
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    Map<String, Map<String, Long>> fields = new LinkedHashMap<>();
    rows.forEach(row -> fields.put(row.id, new LinkedHashMap<>()));
    String marks = String.join(", ", java.util.Collections.nCopies(rows.size(), "?"));
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT device_id, field, datastream_id FROM device_field WHERE device_id IN ("
                + marks
                + ") ORDER BY device_id, position")) {
      for (int i = 0; i < rows.size(); i++) {
        select.setString(i + 1, rows.get(i).id);
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          fields.get(result.getString(1)).put(result.getString(2), result.getLong(3));
        }
      }
    }
    return rows.stream().map(row -> row.device(fields.get(row.id))).toList();
  }

  /** A device row before its fields are read. */
  private record Row(
      String id,
      long thingId,
      String name,
      String profile,
      String district,
      Department department,
      String devEui,
      Duration expectedInterval,
      DeviceState state,
      Instant createdAt,
      Instant revokedAt) {

    static Row read(ResultSet result) throws SQLException {
      long interval = result.getLong(7);
      Duration expected = result.wasNull() ? null : Duration.ofSeconds(interval);
      return new Row(
          result.getString(1),
          result.getLong(2),
          result.getString(3),
          result.getString(4),
          result.getString(5),
          JdbcDeviceStore.department(result.getString(11)),
          result.getString(6),
          expected,
          DeviceState.valueOf(result.getString(8)),
          ValueCodec.readInstant(result, 9),
          ValueCodec.readInstant(result, 10));
    }

    Device device(Map<String, Long> fields) {
      return new Device(
          id,
          thingId,
          name,
          profile,
          district,
          department,
          devEui,
          fields,
          expectedInterval,
          state,
          createdAt,
          revokedAt);
    }
  }

  @Override
  public void update(Device device) {
    write(
        "updating a device",
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE device SET name = ?, profile = ?, district = ?, dev_eui = ?,"
                      + " expected_interval_seconds = ?, department = ? WHERE id = ?")) {
            bindChangeable(update, 1, device);
            update.setString(6, departmentName(device));
            update.setString(7, device.id());
            if (update.executeUpdate() == 0) {
              throw new NotFoundException("no device with id " + device.id(), "id");
            }
          }
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM device_field WHERE device_id = ?")) {
            delete.setString(1, device.id());
            delete.executeUpdate();
          }
          insertFields(connection, device);
          return null;
        });
  }

  @Override
  public void replaceCredentialHash(String id, String credentialHash) {
    write(
        "replacing a credential",
        connection -> {
          String state = stateOf(connection, id);
          if (!state.equals(DeviceState.ACTIVE.name())) {
            throw new ConflictException("device " + id + " is revoked", "id");
          }
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE device SET credential_hash = ? WHERE id = ? AND state = 'ACTIVE'")) {
            update.setString(1, credentialHash);
            update.setString(2, id);
            update.executeUpdate();
          }
          return null;
        });
  }

  /** The stored state, reading the row FOR UPDATE so that a concurrent revoke waits. */
  private static String stateOf(Connection connection, String id) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT state FROM device WHERE id = ? FOR UPDATE")) {
      select.setString(1, id);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new NotFoundException("no device with id " + id, "id");
        }
        return row.getString(1);
      }
    }
  }

  @Override
  public Device revoke(String id, Instant at) {
    write(
        "revoking a device",
        connection -> {
          if (stateOf(connection, id).equals(DeviceState.ACTIVE.name())) {
            try (PreparedStatement update =
                connection.prepareStatement(
                    "UPDATE device SET state = 'REVOKED', revoked_at = ?, credential_hash = NULL"
                        + " WHERE id = ?")) {
              ValueCodec.bindInstant(update, 1, at);
              update.setString(2, id);
              update.executeUpdate();
            }
          }
          return null;
        });
    return find(id).orElseThrow(() -> new NotFoundException("no device with id " + id, "id"));
  }

  // ------------------------------------------------------------------------------ profiles

  @Override
  public void saveProfile(DeviceProfile profile) {
    write(
        "saving a device profile",
        connection -> {
          String spec = profile.codecSpec() == null ? null : profile.codecSpec().text();
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE device_profile SET codec = ?, codec_spec = ? WHERE name = ?")) {
            update.setString(1, profile.codec());
            update.setString(2, spec);
            update.setString(3, profile.name());
            if (update.executeUpdate() > 0) {
              return null;
            }
          }
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO device_profile (name, codec, codec_spec) VALUES (?, ?, ?)")) {
            insert.setString(1, profile.name());
            insert.setString(2, profile.codec());
            insert.setString(3, spec);
            insert.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public Optional<DeviceProfile> findProfile(String name) {
    return profiles("SELECT name, codec, codec_spec FROM device_profile WHERE name = ?", name)
        .stream()
        .findFirst();
  }

  @Override
  public List<DeviceProfile> listProfiles() {
    return profiles("SELECT name, codec, codec_spec FROM device_profile ORDER BY name", null);
  }

  private List<DeviceProfile> profiles(String sql, String name) {
    return read(
        "reading device profiles",
        connection -> {
          try (PreparedStatement select = connection.prepareStatement(sql)) {
            if (name != null) {
              select.setString(1, name);
            }
            List<DeviceProfile> profiles = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
              while (row.next()) {
                String spec = row.getString(3);
                profiles.add(
                    new DeviceProfile(
                        row.getString(1), row.getString(2), spec == null ? null : new Json(spec)));
              }
            }
            return profiles;
          }
        });
  }

  // ------------------------------------------------------------------------------ activity

  @Override
  public void recordActivity(Collection<DeviceActivity> activity) {
    if (activity.isEmpty()) {
      return;
    }
    // The source is the device itself: activity of a device deleted meanwhile (its Thing was)
    // matches no row and is dropped instead of failing the whole batch on the foreign key.
    write(
        "recording device activity",
        connection -> {
          try (PreparedStatement merge =
              connection.prepareStatement(
                  "MERGE INTO device_activity a"
                      + " USING (SELECT id, CAST(? AS TIMESTAMP WITH TIME ZONE) AS seen,"
                      + " CAST(? AS BIGINT) AS uplinks, CAST(? AS DOUBLE PRECISION) AS rssi,"
                      + " CAST(? AS DOUBLE PRECISION) AS snr,"
                      + " CAST(? AS DOUBLE PRECISION) AS battery FROM device WHERE id = ?) d"
                      + " ON a.device_id = d.id"
                      + " WHEN MATCHED THEN UPDATE SET last_seen = GREATEST(a.last_seen, d.seen),"
                      + " uplinks = a.uplinks + d.uplinks, rssi_dbm = COALESCE(d.rssi, a.rssi_dbm),"
                      + " snr_db = COALESCE(d.snr, a.snr_db),"
                      + " battery_percent = COALESCE(d.battery, a.battery_percent)"
                      + " WHEN NOT MATCHED THEN INSERT"
                      + " (device_id, last_seen, uplinks, rssi_dbm, snr_db, battery_percent)"
                      + " VALUES (d.id, d.seen, d.uplinks, d.rssi, d.snr, d.battery)")) {
            for (DeviceActivity entry : activity) {
              ValueCodec.bindInstant(merge, 1, entry.lastSeen());
              merge.setLong(2, entry.uplinks());
              setDouble(merge, 3, entry.rssiDbm());
              setDouble(merge, 4, entry.snrDb());
              setDouble(merge, 5, entry.batteryPercent());
              merge.setString(6, entry.deviceId());
              merge.addBatch();
            }
            merge.executeBatch();
          }
          return null;
        });
  }

  private static void setDouble(PreparedStatement statement, int index, Double value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.DOUBLE);
    } else {
      statement.setDouble(index, value);
    }
  }

  @Override
  public Optional<DeviceActivity> activity(String id) {
    return read(
        "reading device activity",
        connection -> {
          try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT last_seen, uplinks, rssi_dbm, snr_db, battery_percent"
                      + " FROM device_activity WHERE device_id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
              if (!row.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new DeviceActivity(
                      id,
                      ValueCodec.readInstant(row, 1),
                      row.getLong(2),
                      row.getObject(3, Double.class),
                      row.getObject(4, Double.class),
                      row.getObject(5, Double.class)));
            }
          }
        });
  }
}
