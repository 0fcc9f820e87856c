package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * The observation types of OGC 18-088 (Table 12 of section 8.2.5) and the results each allows, plus
 * the checks of a Datastream's {@code unitOfMeasurement}.
 */
final class ObservationTypes {

  private static final String PREFIX = "http://www.opengis.net/def/observationType/OGC-OM/2.0/";

  static final String COMPLEX = PREFIX + "OM_ComplexObservation";

  /** What a result of each type must look like in JSON. */
  private static final Map<String, Predicate<JsonNode>> RESULTS =
      Map.of(
          PREFIX + "OM_CategoryObservation", JsonNode::isTextual,
          PREFIX + "OM_CountObservation", JsonNode::isIntegralNumber,
          PREFIX + "OM_Measurement", JsonNode::isNumber,
          PREFIX + "OM_Observation", node -> true,
          PREFIX + "OM_TruthObservation", JsonNode::isBoolean);

  private static final Set<String> UNIT_KEYS = Set.of("name", "symbol", "definition");

  private ObservationTypes() {}

  /** Checks a Datastream's observationType, or an entry of multiObservationDataTypes. */
  static void requireSimple(String observationType, String field) {
    if (!RESULTS.containsKey(observationType)) {
      throw new InvalidInputException(
          "unknown observationType '"
              + observationType
              + "'; expected one of "
              + RESULTS.keySet().stream().sorted().toList(),
          field);
    }
  }

  /**
   * Checks that a result, as the JSON text Jackson wrote for it, suits the observation type without
   * parsing it again: the first character of Jackson's output tells the kind of value, and an
   * integral number is one without fraction or exponent. This runs once per ingested Observation.
   */
  static void requireResultFits(String observationType, Json result, String field) {
    String text = result.text();
    char first = text.isEmpty() ? ' ' : text.charAt(0);
    boolean fits =
        switch (observationType.substring(Math.min(PREFIX.length(), observationType.length()))) {
          case "OM_Measurement" -> first == '-' || Character.isDigit(first);
          case "OM_CountObservation" ->
              (first == '-' || Character.isDigit(first))
                  && text.indexOf('.') < 0
                  && text.indexOf('e') < 0
                  && text.indexOf('E') < 0;
          case "OM_TruthObservation" -> first == 't' || first == 'f';
          case "OM_CategoryObservation" -> first == '"';
          default -> true;
        };
    if (!fits) {
      requireResultFits(observationType, JsonCodec.readTree(text), field);
    }
  }

  /** Checks that a result suits the observation type of its stream. */
  static void requireResultFits(String observationType, JsonNode result, String field) {
    Predicate<JsonNode> fits = RESULTS.get(observationType);
    if (fits != null && !fits.test(result)) {
      throw new InvalidInputException(
          "the result of an "
              + observationType.substring(PREFIX.length())
              + " cannot be "
              + JsonCodec.describe(result),
          field);
    }
  }

  /** Checks a unitOfMeasurement: an object with name, symbol and definition (strings or null). */
  static void requireUnit(Json unit, String field) {
    requireUnit(JsonCodec.readTree(unit.text()), field);
  }

  static void requireUnit(JsonNode unit, String field) {
    if (!unit.isObject()) {
      throw new InvalidInputException(
          "a unitOfMeasurement is an object with name, symbol and definition, found "
              + JsonCodec.describe(unit),
          field);
    }
    for (var entry : unit.properties()) {
      if (!UNIT_KEYS.contains(entry.getKey())) {
        throw new InvalidInputException(
            "a unitOfMeasurement has name, symbol and definition, not '" + entry.getKey() + "'",
            field + "." + entry.getKey());
      }
      if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
        throw new InvalidInputException(
            "unitOfMeasurement." + entry.getKey() + " must be a string",
            field + "." + entry.getKey());
      }
    }
  }
}
