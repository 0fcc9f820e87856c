package org.civitas.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON functions of {@code $filter} for H2, registered by the migration {@code
 * V2__filter_functions} with {@code CREATE ALIAS}; PostgreSQL has SQL functions of the same names
 * and results over {@code jsonb}. Public only because H2 calls them by reflection.
 */
public final class EmbeddedJsonFunctions {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /** Paths are few (one per filter term) and read once per row: parse each once. */
  private static final Map<String, List<String>> PATHS = new ConcurrentHashMap<>();

  private static final int MAX_CACHED_PATHS = 10_000;

  private EmbeddedJsonFunctions() {}

  /** {@code civitas_json_text(json, path)}: the value at the path as text, or null. */
  public static String text(String json, String path) {
    JsonNode node = at(json, path);
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBigDecimal()) {
      // jsonb prints numbers as PostgreSQL's numeric does: 1e3 as 1000, 20.50 as 20.50.
      return node.decimalValue().toPlainString();
    }
    if (node.isValueNode()) {
      return node.asText();
    }
    return node.toString();
  }

  /** {@code civitas_json_number(json, path)}: the value as a double when it is a number. */
  public static Double number(String json, String path) {
    JsonNode node = at(json, path);
    return node != null && node.isNumber() ? node.doubleValue() : null;
  }

  private static JsonNode at(String json, String path) {
    if (json == null || path == null) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return null;
    }
    for (String member : keys(path)) {
      if (node == null || !node.isObject()) {
        return null;
      }
      node = node.get(member);
    }
    return node;
  }

  private static List<String> keys(String path) {
    List<String> keys = PATHS.get(path);
    if (keys == null) {
      try {
        keys = List.of(JSON.readValue(path, String[].class));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("a JSON path is an array of member names: " + path, e);
      }
      if (PATHS.size() < MAX_CACHED_PATHS) {
        PATHS.put(path, keys);
      }
    }
    return keys;
  }
}
