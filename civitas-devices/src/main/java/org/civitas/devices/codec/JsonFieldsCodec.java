package org.civitas.devices.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.civitas.error.InvalidInputException;
import org.civitas.server.http.JsonCodec;

/**
 * The compact JSON payload format (codec kind {@code json}), for devices that can write a little
 * JSON (over HTTP or MQTT). A payload is one JSON object in one of two forms:
 *
 * <pre>
 * {"fill": 73.5, "temperature": 21.2}                          fields and their values
 * {"t": "2026-12-01T10:00:00Z", "v": {"fill": 73.5}}           the same, measured at t
 * </pre>
 *
 * <p>The second form, the envelope, is recognised when the object has a member {@code v} that is an
 * object and no members but {@code t} and {@code v}; {@code t} is an RFC 3339 time with a zone and,
 * when given, is the measurement time of every value. A value is a number, a boolean, a string, an
 * object of such values (a GPS fix: {@code {"latitude": 49.0, "longitude": 8.4}}), or a value with
 * its unit {@code {"v": 21.2, "u": "Cel"}} (the UCUM symbol). Numbers keep their decimal digits. A
 * {@code null} value, an array, or anything else is refused with the field named.
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonFieldsCodec implements PayloadCodec {

  public static final JsonFieldsCodec INSTANCE = new JsonFieldsCodec();

  private JsonFieldsCodec() {}

  @Override
  public List<Reading> decode(byte[] payload) {
    ObjectNode root;
    try {
      root = JsonCodec.readObject(payload);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "the payload is not a compact JSON object: " + e.getMessage(), "payload", e);
    }
    Instant measuredAt = null;
    ObjectNode values = root;
    if (isEnvelope(root)) {
      values = (ObjectNode) root.get("v");
      JsonNode time = root.get("t");
      if (time != null) {
        measuredAt = time(time);
      }
    }
    if (values.isEmpty()) {
      throw new InvalidInputException("the payload has no fields", "payload");
    }
    List<Reading> readings = new ArrayList<>();
    for (Map.Entry<String, JsonNode> member : values.properties()) {
      String field = member.getKey();
      if (field.isBlank()) {
        throw new InvalidInputException("a payload field name must not be blank", "payload");
      }
      JsonNode node = member.getValue();
      if (node.isObject() && node.has("v")) {
        JsonNode unit = node.get("u");
        if (node.size() > (unit == null ? 1 : 2) || (unit != null && !unit.isTextual())) {
          throw new InvalidInputException(
              "a value with a unit is {\"v\": value, \"u\": \"unit\"}, found "
                  + node
                  + " in "
                  + field,
              "payload." + field);
        }
        readings.add(
            new Reading(
                field,
                value(node.get("v"), field),
                unit == null ? null : unit.asText(),
                measuredAt));
      } else {
        readings.add(new Reading(field, value(node, field), null, measuredAt));
      }
    }
    return List.copyOf(readings);
  }

  private static boolean isEnvelope(ObjectNode root) {
    JsonNode v = root.get("v");
    if (v == null || !v.isObject() || v.has("v")) {
      return false;
    }
    for (Map.Entry<String, JsonNode> member : root.properties()) {
      if (!member.getKey().equals("t") && !member.getKey().equals("v")) {
        return false;
      }
    }
    return true;
  }

  private static Instant time(JsonNode node) {
    if (!node.isTextual()) {
      throw new InvalidInputException(
          "t is a time such as \"2026-12-01T10:00:00Z\", found " + node, "payload.t");
    }
    try {
      return java.time.OffsetDateTime.parse(node.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "t is a time with a zone such as \"2026-12-01T10:00:00Z\", found \""
              + node.asText()
              + "\"",
          "payload.t");
    }
  }

  private static Object value(JsonNode node, String field) {
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isObject() && !node.isEmpty()) {
      Map<String, Object> parts = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> part : node.properties()) {
        JsonNode value = part.getValue();
        if (!(value.isNumber() || value.isBoolean() || value.isTextual())) {
          throw new InvalidInputException(
              "a part of a composite value is a number, boolean or string, found "
                  + value
                  + " in "
                  + field
                  + "."
                  + part.getKey(),
              "payload." + field);
        }
        parts.put(part.getKey(), value(value, field));
      }
      return Collections.unmodifiableMap(parts);
    }
    throw new InvalidInputException(
        "a field's value is a number, boolean, string or object of these, found "
            + node
            + " in "
            + field,
        "payload." + field);
  }
}
