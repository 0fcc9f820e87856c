package org.civitas.server.tasking;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * The tasking parameters of a TaskingCapability: a SWE Common DataRecord in JSON (OGC 17-079,
 * section 8.2.2; OGC 17-011), and the check of a Task's parameters against it.
 *
 * <p>What is checked, each failure naming the field ({@code taskingParameters/brightness}): every
 * field of the record is present unless marked {@code "optional": true}; no other names; the value
 * fits the component type (Quantity and Count numbers, Count whole, Boolean a boolean, Category,
 * Text and Time strings); and the constraint where the record states one — AllowedTokens ({@code
 * value} list, {@code pattern}) and AllowedValues ({@code value} list, {@code interval} pairs,
 * bounds included).
 */
public final class TaskingParameters {

  private static final String PROPERTY = "taskingParameters";

  private final Map<String, JsonNode> fields;

  private TaskingParameters(Map<String, JsonNode> fields) {
    this.fields = fields;
  }

  /**
   * Reads the DataRecord of a TaskingCapability.
   *
   * @param field where the record sits in the request, for errors ({@code taskingParameters})
   * @throws InvalidInputException when it is not a DataRecord with named fields
   */
  public static TaskingParameters of(Json record, String field) {
    JsonNode root = JsonCodec.readTree(record.text());
    if (!root.isObject() || !"DataRecord".equals(root.path("type").asText(""))) {
      throw new InvalidInputException(
          PROPERTY
              + " of a TaskingCapability is a SWE Common DataRecord: an object with"
              + " \"type\": \"DataRecord\" and \"field\"",
          field);
    }
    JsonNode list = root.get("field");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidInputException(
          PROPERTY + " of a TaskingCapability lists its fields in a non-empty array \"field\"",
          field);
    }
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    for (JsonNode component : list) {
      String name = component.path("name").asText("");
      if (!component.isObject() || name.isEmpty()) {
        throw new InvalidInputException(
            "each field of " + PROPERTY + " is an object with a \"name\"", field);
      }
      if (fields.put(name, component) != null) {
        throw new InvalidInputException(
            PROPERTY + " names the field " + name + " twice", field + "/" + name);
      }
      checkConstraint(component, field + "/" + name);
    }
    return new TaskingParameters(Map.copyOf(fields));
  }

  /**
   * Checks the parameters of a Task against this record.
   *
   * @param prefix where the Task sits in the request ({@code ""} at the top)
   * @throws InvalidInputException naming the first parameter that does not fit
   */
  public void check(Json parameters, String prefix) {
    String base = prefix + PROPERTY;
    JsonNode given = JsonCodec.readTree(parameters.text());
    if (!given.isObject()) {
      throw new InvalidInputException(
          PROPERTY
              + " of a Task is a JSON object of parameter values, found "
              + JsonCodec.describe(given),
          base);
    }
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, JsonNode> entry : given.properties()) {
      String name = entry.getKey();
      JsonNode component = fields.get(name);
      String field = base + "/" + name;
      if (component == null) {
        throw new InvalidInputException(
            "the TaskingCapability has no tasking parameter "
                + name
                + "; it has "
                + String.join(", ", fields.keySet()),
            field);
      }
      seen.add(name);
      checkValue(component, entry.getValue(), field);
    }
    for (Map.Entry<String, JsonNode> entry : fields.entrySet()) {
      if (!seen.contains(entry.getKey()) && !entry.getValue().path("optional").asBoolean(false)) {
        throw new InvalidInputException(
            "the tasking parameter " + entry.getKey() + " is required",
            base + "/" + entry.getKey());
      }
    }
  }

  private static void checkValue(JsonNode component, JsonNode value, String field) {
    String type = component.path("type").asText("");
    switch (type) {
      case "Quantity" -> require(value.isNumber(), "a number", value, field);
      case "Count" ->
          // 4.0 is the whole number 4 in JSON; 4.5 is not.
          require(
              value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0,
              "a whole number",
              value,
              field);
      case "Boolean" -> require(value.isBoolean(), "true or false", value, field);
      case "Category", "Text", "Time" -> require(value.isTextual(), "a string", value, field);
      default -> {
        // A component type this check does not know (a nested record, a vector) is passed on.
      }
    }
    JsonNode constraint = component.get("constraint");
    if (constraint == null || !constraint.isObject()) {
      return;
    }
    JsonNode allowed = constraint.get("value");
    if (allowed != null && allowed.isArray() && !allowed.isEmpty() && !contains(allowed, value)) {
      throw new InvalidInputException(
          field.substring(field.lastIndexOf('/') + 1)
              + " must be one of "
              + allowed
              + ", was "
              + value,
          field);
    }
    JsonNode pattern = constraint.get("pattern");
    if (pattern != null && pattern.isTextual() && value.isTextual()) {
      if (!Pattern.compile(pattern.asText()).matcher(value.asText()).matches()) {
        throw new InvalidInputException(
            field.substring(field.lastIndexOf('/') + 1)
                + " must match "
                + pattern.asText()
                + ", was "
                + value,
            field);
      }
    }
    JsonNode intervals = constraint.get("interval");
    if (intervals != null && intervals.isArray() && !intervals.isEmpty() && value.isNumber()) {
      double number = value.asDouble();
      boolean inside = false;
      for (JsonNode interval : intervals) {
        if (number >= interval.get(0).asDouble() && number <= interval.get(1).asDouble()) {
          inside = true;
          break;
        }
      }
      if (!inside) {
        throw new InvalidInputException(
            field.substring(field.lastIndexOf('/') + 1)
                + " must lie in "
                + describeIntervals(intervals)
                + ", was "
                + value,
            field);
      }
    }
  }

  /** A constraint the Task check could not apply is refused when the capability is written. */
  private static void checkConstraint(JsonNode component, String field) {
    JsonNode constraint = component.get("constraint");
    if (constraint == null) {
      return;
    }
    if (!constraint.isObject()) {
      throw new InvalidInputException("a constraint is a JSON object", field);
    }
    JsonNode pattern = constraint.get("pattern");
    if (pattern != null) {
      try {
        Pattern.compile(pattern.asText());
      } catch (PatternSyntaxException e) {
        throw new InvalidInputException("the pattern is not a regular expression", field, e);
      }
    }
    JsonNode intervals = constraint.get("interval");
    if (intervals != null) {
      boolean pairs = intervals.isArray();
      for (JsonNode interval : intervals) {
        pairs &=
            interval.isArray()
                && interval.size() == 2
                && interval.get(0).isNumber()
                && interval.get(1).isNumber();
      }
      if (!pairs) {
        throw new InvalidInputException(
            "interval is a list of [min, max] pairs of numbers, such as [[0, 100]]", field);
      }
    }
  }

  private static boolean contains(JsonNode allowed, JsonNode value) {
    for (JsonNode candidate : allowed) {
      if (candidate.equals(value)
          || (candidate.isNumber()
              && value.isNumber()
              && candidate.decimalValue().compareTo(value.decimalValue()) == 0)) {
        return true;
      }
    }
    return false;
  }

  private static void require(boolean fits, String what, JsonNode value, String field) {
    if (!fits) {
      throw new InvalidInputException(
          field.substring(field.lastIndexOf('/') + 1)
              + " must be "
              + what
              + ", was "
              + JsonCodec.describe(value),
          field);
    }
  }

  private static String describeIntervals(JsonNode intervals) {
    StringBuilder text = new StringBuilder();
    for (JsonNode interval : intervals) {
      if (!text.isEmpty()) {
        text.append(" or ");
      }
      text.append('[').append(interval.get(0)).append(", ").append(interval.get(1)).append(']');
    }
    return text.toString();
  }
}
