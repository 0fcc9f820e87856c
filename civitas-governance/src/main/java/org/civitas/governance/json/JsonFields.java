package org.civitas.governance.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.server.http.JsonCodec;

/**
 * Reads the members of a JSON request body strictly: each a given type, required ones present,
 * unknown ones refused and fields only the server sets refused by name, so that a client cannot
 * assign what it may not (OWASP API3, mass assignment). Every refusal is an {@link
 * InvalidInputException} naming the JSON path of the field.
 */
public final class JsonFields {
  private final ObjectNode body;
  private final String path;

  private JsonFields(ObjectNode body, String path) {
    this.body = body;
    this.path = path;
  }

  /**
   * The body's fields, after refusing the server's own ({@code serverManaged}: field → why) and any
   * not in {@code allowed}.
   */
  public static JsonFields of(
      ObjectNode body, Set<String> allowed, Map<String, String> serverManaged) {
    return new JsonFields(body, "").checked(allowed, serverManaged);
  }

  private JsonFields checked(Set<String> allowed, Map<String, String> serverManaged) {
    Iterator<String> names = body.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (serverManaged.containsKey(name)) {
        throw new InvalidInputException(
            name + " cannot be set in a request: " + serverManaged.get(name), path + name);
      }
      if (!allowed.contains(name)) {
        throw new InvalidInputException(
            "unknown field "
                + name
                + "; the fields are "
                + String.join(", ", allowed.stream().sorted().toList()),
            path + name);
      }
    }
    return this;
  }

  public boolean has(String name) {
    JsonNode node = body.get(name);
    return node != null && !node.isNull();
  }

  /** A non-blank string of at most {@code maxLength} characters. */
  public String text(String name, int maxLength) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidInputException(name + " is required", path + name);
    }
    return textOf(node, path + name, maxLength);
  }

  public boolean bool(String name, boolean fallback) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw new InvalidInputException(
          name + " must be true or false, found " + JsonCodec.describe(node), path + name);
    }
    return node.booleanValue();
  }

  /** A required boolean. */
  public boolean bool(String name) {
    if (!has(name)) {
      throw new InvalidInputException(name + " is required: true or false", path + name);
    }
    return bool(name, false);
  }

  /** An array of non-blank strings; empty when absent. */
  public List<String> texts(String name, int maxLength) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new InvalidInputException(
          name + " must be an array of strings, found " + JsonCodec.describe(node), path + name);
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      values.add(textOf(node.get(i), path + name + "[" + i + "]", maxLength));
    }
    return values;
  }

  /** A required nested object, read with the same rules. */
  public JsonFields object(String name, Set<String> allowed) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidInputException(name + " is required", path + name);
    }
    if (!node.isObject()) {
      throw new InvalidInputException(
          name + " must be an object, found " + JsonCodec.describe(node), path + name);
    }
    return new JsonFields((ObjectNode) node, path + name + ".").checked(allowed, Map.of());
  }

  /** The JSON path of a member of this object, for messages. */
  public String pathOf(String name) {
    return path + name;
  }

  private static String textOf(JsonNode node, String field, int maxLength) {
    if (node == null || !node.isTextual()) {
      throw new InvalidInputException(
          field + " must be a string, found " + JsonCodec.describe(node), field);
    }
    String text = node.textValue();
    if (text.isBlank()) {
      throw new InvalidInputException(field + " must not be blank", field);
    }
    if (text.length() > maxLength) {
      throw new InvalidInputException(
          field + " is at most " + maxLength + " characters, found " + text.length(), field);
    }
    return text;
  }
}
