package org.civitas.devices.registry;

import java.time.Duration;
import java.util.Map;
import org.civitas.governance.identity.Department;

/**
 * A device to provision, as an operator describes it (a JSON body or a CSV row). {@link
 * DeviceRegistry#provision} checks it; the rules are those of {@link
 * org.civitas.devices.store.Device}, and every field must feed a Datastream of the Thing.
 *
 * @param id the device id, such as {@code bin-0042}
 * @param thingId the SensorThings Thing it is
 * @param name a human name
 * @param profile its profile's name, or null for the compact JSON format
 * @param district its district, or null
 * @param devEui its LoRaWAN DevEUI, or null
 * @param fields payload field name to Datastream id
 * @param expectedInterval how often it should report, or null
 * @param department the department that runs it, or null for none
 */
public record NewDevice(
    String id,
    long thingId,
    String name,
    String profile,
    String district,
    String devEui,
    Map<String, Long> fields,
    Duration expectedInterval,
    Department department) {
  public NewDevice {
    fields = fields == null ? Map.of() : fields;
  }

  /** A device of no department. */
  public NewDevice(
      String id,
      long thingId,
      String name,
      String profile,
      String district,
      String devEui,
      Map<String, Long> fields,
      Duration expectedInterval) {
    this(id, thingId, name, profile, district, devEui, fields, expectedInterval, null);
  }

  /** This request, for a device of {@code department}. */
  public NewDevice withDepartment(Department department) {
    return new NewDevice(
        id, thingId, name, profile, district, devEui, fields, expectedInterval, department);
  }
}
