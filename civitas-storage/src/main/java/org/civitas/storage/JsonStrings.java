package org.civitas.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;

/** Lists of strings kept as JSON array text in one column (the governance tables of V12). */
final class JsonStrings {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

  private JsonStrings() {}

  static String write(Collection<String> values) {
    try {
      return JSON.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a list of strings as JSON", e);
    }
  }

  static List<String> read(String text, String column) {
    try {
      return JSON.readValue(text, LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(column + " is not a JSON array of strings: " + text, e);
    }
  }
}
