package org.civitas.devices.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceActivity;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.identity.Department;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * The JSON of the device API: reading request members with the offending one named, and writing
 * devices (never a secret or its hash), profiles and activity.
 */
final class DeviceJson {
  private DeviceJson() {}

  /** Refuses members other than {@code allowed}, naming the first unknown one. */
  static void onlyMembers(ObjectNode body, Set<String> allowed) {
    for (Map.Entry<String, JsonNode> member : body.properties()) {
      if (!allowed.contains(member.getKey())) {
        throw new InvalidInputException(
            "unknown member "
                + member.getKey()
                + "; expected some of "
                + allowed.stream().sorted().toList(),
            member.getKey());
      }
    }
  }

  /** A text member; null when absent or JSON null. */
  static String text(ObjectNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidInputException(
          name + " must be a string, found " + JsonCodec.describe(node), name);
    }
    return node.textValue();
  }

  /** The {@code department} member: null when absent or null, else one of the departments. */
  static Department department(ObjectNode body) {
    String name = text(body, "department");
    if (name == null) {
      return null;
    }
    return Department.fromWire(name)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "department is one of " + Department.wireNames() + ", found \"" + name + "\"",
                    "department"));
  }

  static long positiveLong(ObjectNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null || !node.canConvertToExactIntegral() || node.asLong() <= 0) {
      throw new InvalidInputException(
          name
              + " must be a positive integer id, found "
              + (node == null ? "nothing" : JsonCodec.describe(node)),
          name);
    }
    return node.asLong();
  }

  /** {@code {"fill": 7, "temperature": 8}}; empty when absent. */
  static Map<String, Long> fields(ObjectNode body) {
    JsonNode node = body.get("fields");
    Map<String, Long> fields = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return fields;
    }
    if (!node.isObject()) {
      throw new InvalidInputException(
          "fields maps payload field names to Datastream ids, such as {\"fill\": 7}, found "
              + JsonCodec.describe(node),
          "fields");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      JsonNode id = field.getValue();
      if (!id.canConvertToExactIntegral() || id.asLong() <= 0) {
        throw new InvalidInputException(
            "field "
                + field.getKey()
                + " must name a Datastream id, found "
                + JsonCodec.describe(id),
            "fields." + field.getKey());
      }
      fields.put(field.getKey(), id.asLong());
    }
    return fields;
  }

  /** An ISO 8601 duration such as {@code "PT15M"}; null when absent. */
  static Duration duration(ObjectNode body, String name) {
    String text = text(body, name);
    if (text == null) {
      return null;
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          name + " is an ISO 8601 duration such as \"PT15M\", found \"" + text + "\"", name);
    }
  }

  static ObjectNode device(Device device) {
    ObjectNode json = JsonCodec.newObject();
    json.put("id", device.id());
    json.put("thingId", device.thingId());
    json.put("name", device.name());
    json.put("profile", device.profile());
    json.put("district", device.district());
    json.put("department", device.department() == null ? null : device.department().wireName());
    json.put("devEui", device.devEui());
    ObjectNode fields = json.putObject("fields");
    device.fields().forEach(fields::put);
    json.put(
        "expectedInterval",
        device.expectedInterval() == null ? null : device.expectedInterval().toString());
    json.put("state", device.state().name().toLowerCase(java.util.Locale.ROOT));
    json.put("createdAt", device.createdAt().toString());
    json.put("revokedAt", device.revokedAt() == null ? null : device.revokedAt().toString());
    return json;
  }

  static ObjectNode activity(DeviceActivity activity) {
    ObjectNode json = JsonCodec.newObject();
    json.put("lastSeen", activity.lastSeen().toString());
    json.put("uplinks", activity.uplinks());
    json.put("rssiDbm", activity.rssiDbm());
    json.put("snrDb", activity.snrDb());
    json.put("batteryPercent", activity.batteryPercent());
    return json;
  }

  static ObjectNode profile(DeviceProfile profile) {
    ObjectNode json = JsonCodec.newObject();
    json.put("name", profile.name());
    json.put("codec", profile.codec());
    if (profile.codecSpec() == null) {
      json.putNull("codecSpec");
    } else {
      json.set("codecSpec", JsonCodec.readTree(profile.codecSpec().text()));
    }
    return json;
  }

  static DeviceProfile readProfile(String name, ObjectNode body) {
    onlyMembers(body, Set.of("name", "codec", "codecSpec"));
    String named = text(body, "name");
    if (named != null && !named.equals(name)) {
      throw new InvalidInputException(
          "the body names profile " + named + ", the path " + name, "name");
    }
    JsonNode spec = body.get("codecSpec");
    return new DeviceProfile(
        name,
        text(body, "codec"),
        spec == null || spec.isNull()
            ? null
            : new Json(new String(JsonCodec.write(spec), java.nio.charset.StandardCharsets.UTF_8)));
  }
}
