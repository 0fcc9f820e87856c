package org.civitas.governance.classes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.identity.Department;
import org.civitas.server.http.JsonCodec;

/**
 * The JSON of Datastream policies at {@code /api/v1/governance/datastreams}:
 *
 * <pre>{@code
 * {"datastream": 12, "class": "personal", "department": "health",
 *  "purposes": ["care-visits"], "retention": "P30D", "technology": "fall-sensors",
 *  "subject": "pseud-3f9a...", "consentRequired": true, "active": false, "classified": true}
 * }</pre>
 *
 * A classification (PUT) takes the same members but {@code datastream}, {@code active} and {@code
 * classified}; any other member, {@code active} included, is refused naming it (activation is its
 * own action, so no client can switch collection on by sending a field).
 */
final class PolicyJson {

  private static final Set<String> CLASSIFICATION =
      Set.of(
          "class",
          "department",
          "purposes",
          "retention",
          "technology",
          "subject",
          "consentRequired");

  private PolicyJson() {}

  /** The policy as JSON; {@code subject} as the reader may see it. */
  static ObjectNode write(DatastreamPolicy policy, Optional<String> subject, boolean classified) {
    ObjectNode json = JsonCodec.newObject();
    json.put("datastream", policy.datastreamId());
    json.put("class", policy.dataClass().wireName());
    putText(json, "department", policy.department().map(Department::wireName));
    ArrayNode purposes = json.putArray("purposes");
    new TreeSet<>(policy.purposes()).forEach(purposes::add);
    putText(json, "retention", policy.retention().map(PolicyJson::duration));
    putText(json, "technology", policy.technology());
    putText(json, "subject", subject);
    json.put("consentRequired", policy.consentRequired());
    json.put("active", policy.active());
    json.put("classified", classified);
    return json;
  }

  /** A retention period as ISO 8601: whole days as {@code P30D}, else as {@code PT36H}. */
  static String duration(Duration duration) {
    long seconds = duration.toSeconds();
    return seconds % 86_400 == 0 && duration.getNano() == 0
        ? "P" + (seconds / 86_400) + "D"
        : duration.toString();
  }

  /** Reads a classification, naming the member that is wrong. */
  static Classification readClassification(ObjectNode body) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (name.equals("active")) {
        throw new InvalidInputException(
            "active cannot be set by a classification; POST .../activate or .../deactivate",
            "active");
      }
      if (!CLASSIFICATION.contains(name)) {
        throw new InvalidInputException(
            "unknown member '" + name + "'; a classification has " + new TreeSet<>(CLASSIFICATION),
            name);
      }
    }
    String className =
        text(body, "class")
            .orElseThrow(() -> new InvalidInputException("class is required", "class"));
    DataClass dataClass =
        DataClass.fromWire(className)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "class is one of public, internal, personal, sensitive-personal, was '"
                            + className
                            + "'",
                        "class"));
    Optional<Department> department =
        text(body, "department")
            .map(
                name ->
                    Department.fromWire(name)
                        .orElseThrow(
                            () ->
                                new InvalidInputException(
                                    "no department '" + name + "'", "department")));
    Optional<Duration> retention = text(body, "retention").map(PolicyJson::parseDuration);
    return new Classification(
        dataClass,
        department,
        purposes(body),
        retention,
        text(body, "technology"),
        text(body, "subject"),
        bool(body, "consentRequired"));
  }

  private static Duration parseDuration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "retention is an ISO 8601 duration such as P30D or PT12H, was '" + text + "'",
          "retention");
    }
  }

  private static Set<String> purposes(ObjectNode body) {
    JsonNode node = body.get("purposes");
    if (node == null || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray()) {
      throw new InvalidInputException(
          "purposes is an array of purpose ids, found " + JsonCodec.describe(node), "purposes");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode id = node.get(i);
      if (!id.isTextual() || id.asText().isBlank()) {
        throw new InvalidInputException(
            "a purpose id is a non-empty string, found " + JsonCodec.describe(id),
            "purposes[" + i + "]");
      }
      ids.add(id.asText());
    }
    return ids;
  }

  private static Optional<String> text(ObjectNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidInputException(
          name + " is a non-empty string, found " + JsonCodec.describe(node), name);
    }
    return Optional.of(node.asText());
  }

  private static boolean bool(ObjectNode body, String name) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new InvalidInputException(
          name + " is true or false, found " + JsonCodec.describe(node), name);
    }
    return node.asBoolean();
  }

  private static void putText(ObjectNode json, String name, Optional<String> value) {
    if (value.isPresent()) {
      json.put(name, value.get());
    } else {
      json.putNull(name);
    }
  }
}
