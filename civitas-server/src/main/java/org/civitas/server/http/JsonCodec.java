package org.civitas.server.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.civitas.error.InvalidInputException;

/**
 * Reads request bodies and writes response bodies. Parsing is strict (duplicate keys and trailing
 * content are errors) and every parse failure becomes an {@link InvalidInputException} that says
 * where the body stopped being JSON.
 */
public final class JsonCodec {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private JsonCodec() {}

  public static ObjectNode newObject() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode newArray() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Parses a body that must be one JSON object. */
  public static ObjectNode readObject(byte[] body) {
    JsonNode node = readTree(body);
    if (!node.isObject()) {
      throw new InvalidInputException(
          "the body must be a JSON object, found " + describe(node), null);
    }
    return (ObjectNode) node;
  }

  /** Parses a body that must be one JSON array. */
  public static ArrayNode readArray(byte[] body) {
    JsonNode node = readTree(body);
    if (!node.isArray()) {
      throw new InvalidInputException(
          "the body must be a JSON array, found " + describe(node), null);
    }
    return (ArrayNode) node;
  }

  /** Parses any JSON text (a stored property value, a query option). */
  public static JsonNode readTree(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored JSON is not valid: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode readTree(byte[] body) {
    if (body == null || body.length == 0) {
      throw new InvalidInputException("the body is empty; expected JSON", null);
    }
    try (JsonParser parser = MAPPER.createParser(body)) {
      JsonNode node = MAPPER.readTree(parser);
      if (node == null || node.isMissingNode()) {
        throw new InvalidInputException("the body is empty; expected JSON", null);
      }
      return node;
    } catch (JsonProcessingException e) {
      var location = e.getLocation();
      String where =
          location == null
              ? ""
              : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
      throw new InvalidInputException(
          "the body is not valid JSON" + where + ": " + e.getOriginalMessage(), null, e);
    } catch (IOException e) {
      throw new InvalidInputException("the body could not be read: " + e.getMessage(), null, e);
    }
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A short description of a JSON value's kind for messages: "a string", "an array". */
  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY -> "binary data";
      case MISSING -> "nothing";
    };
  }
}
