package org.civitas.devices.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.identity.Department;

/**
 * A registered device: a physical sensor (a bin's fill sensor, a weather station) that sends
 * uplinks for one SensorThings Thing.
 *
 * @param id the device's own identity, such as {@code bin-0042}: 1 to 64 of {@code A-Z a-z 0-9 . _
 *     -}; it is also its MQTT user name
 * @param thingId the id of the SensorThings Thing this device is
 * @param name a human name
 * @param profile the name of its {@link DeviceProfile} (which codec reads its payloads), or null
 *     for the compact JSON format
 * @param district the city district it stands in, or null
 * @param department the city department that runs it, whose operators see and change it, or null
 *     for a device of no department (any signed-in operator's)
 * @param devEui its LoRaWAN DevEUI, 16 hexadecimal digits kept upper-case, or null for a device
 *     that is not on LoRaWAN; unique among devices
 * @param fields from the name of a payload field to the id of the Datastream it feeds (each a
 *     Datastream of {@code thingId}); unmodifiable, in the given order
 * @param expectedInterval how often the device should report, for health checks, or null when
 *     unknown; positive
 * @param state whether it may send
 * @param createdAt when it was provisioned
 * @param revokedAt when it was revoked; null while it is active
 */
public record Device(
    String id,
    long thingId,
    String name,
    String profile,
    String district,
    Department department,
    String devEui,
    Map<String, Long> fields,
    Duration expectedInterval,
    DeviceState state,
    Instant createdAt,
    Instant revokedAt) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern DEV_EUI = Pattern.compile("[0-9A-F]{16}");
  private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /**
   * @throws InvalidInputException naming the offending component ({@code id}, {@code devEui},
   *     {@code fields.<name>} ...) when a value breaks the rules above
   */
  public Device {
    checkId(id);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("a device needs a name that is not blank", "name");
    }
    if (thingId <= 0) {
      throw new InvalidInputException(
          "thingId must be the id of a Thing (a positive number), found " + thingId, "thingId");
    }
    if (district != null && district.isBlank()) {
      district = null;
    }
    if (profile != null && profile.isBlank()) {
      profile = null;
    }
    devEui = normaliseDevEui(devEui);
    Objects.requireNonNull(fields, "fields");
    LinkedHashMap<String, Long> copy = new LinkedHashMap<>();
    fields.forEach(
        (field, datastream) -> {
          if (field == null || !FIELD.matcher(field).matches()) {
            throw new InvalidInputException(
                "a field name is 1 to 64 of A-Z a-z 0-9 . _ -, found \"" + field + "\"", "fields");
          }
          if (datastream == null || datastream <= 0) {
            throw new InvalidInputException(
                "field " + field + " must name a Datastream id (a positive number)",
                "fields." + field);
          }
          copy.put(field, datastream);
        });
    fields = Collections.unmodifiableMap(copy);
    if (expectedInterval != null && (expectedInterval.isNegative() || expectedInterval.isZero())) {
      throw new InvalidInputException(
          "the expected interval must be positive, found " + expectedInterval, "expectedInterval");
    }
    if (state == DeviceState.REVOKED && revokedAt == null) {
      throw new IllegalArgumentException("a revoked device needs its revocation time");
    }
    if (state == DeviceState.ACTIVE && revokedAt != null) {
      throw new IllegalArgumentException("an active device has no revocation time");
    }
  }

  /** A new active device, provisioned at {@code createdAt}. */
  public static Device active(
      String id,
      long thingId,
      String name,
      String profile,
      String district,
      String devEui,
      Map<String, Long> fields,
      Duration expectedInterval,
      Instant createdAt) {
    return new Device(
        id,
        thingId,
        name,
        profile,
        district,
        null,
        devEui,
        fields,
        expectedInterval,
        DeviceState.ACTIVE,
        createdAt,
        null);
  }

  /** This device, run by {@code department} (null for none). */
  public Device withDepartment(Department department) {
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

  /** Whether it may send now. */
  public boolean active() {
    return state == DeviceState.ACTIVE;
  }

  /** This device, revoked at {@code at}. */
  public Device revoked(Instant at) {
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
        DeviceState.REVOKED,
        createdAt,
        Objects.requireNonNull(at, "at"));
  }

  /**
   * @throws InvalidInputException (field {@code id}) unless {@code id} is a valid device id
   */
  public static String checkId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new InvalidInputException(
          "a device id is 1 to 64 of A-Z a-z 0-9 . _ -, found "
              + (id == null ? "nothing" : "\"" + id + "\""),
          "id");
    }
    return id;
  }

  /**
   * A DevEUI in its stored form: upper-case hexadecimal, 16 digits; null stays null.
   *
   * @throws InvalidInputException (field {@code devEui}) when it is not 16 hexadecimal digits
   */
  public static String normaliseDevEui(String devEui) {
    if (devEui == null || devEui.isBlank()) {
      return null;
    }
    String upper = devEui.strip().toUpperCase(Locale.ROOT);
    if (!DEV_EUI.matcher(upper).matches()) {
      throw new InvalidInputException(
          "a DevEUI is 16 hexadecimal digits, found \"" + devEui + "\"", "devEui");
    }
    return upper;
  }
}
