package org.civitas.governance.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.civitas.error.InvalidInputException;

/**
 * Reads the properties of a JSON request body, each failure an {@link InvalidInputException} naming
 * the property and saying what was expected. Unknown properties are refused, so a client cannot set
 * what it should not (mass assignment) by adding a field.
 */
public final class BodyFields {
  private final ObjectNode body;

  private BodyFields(ObjectNode body) {
    this.body = body;
  }

  /**
   * The fields of {@code body}, which may hold only {@code allowed} properties.
   *
   * @throws InvalidInputException naming the first property not allowed
   */
  public static BodyFields of(ObjectNode body, Set<String> allowed) {
    for (var names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new InvalidInputException(
            "unknown property '" + name + "'; expected only " + allowed.stream().sorted().toList(),
            name);
      }
    }
    return new BodyFields(body);
  }

  /** A required non-blank string of at most {@code maxLength} characters. */
  public String text(String name, int maxLength) {
    return optionalText(name, maxLength)
        .orElseThrow(() -> new InvalidInputException(name + " is required", name));
  }

  /** An optional non-blank string of at most {@code maxLength} characters. */
  public Optional<String> optionalText(String name, int maxLength) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidInputException(name + " must be a non-blank string", name);
    }
    if (node.asText().length() > maxLength) {
      throw new InvalidInputException(
          name + " is at most " + maxLength + " characters, was " + node.asText().length(), name);
    }
    return Optional.of(node.asText());
  }

  /** A required string that must be one of the wire names {@code parse} knows. */
  public <T extends Enum<T>> T choice(
      String name, Function<String, Optional<T>> parse, T[] values, Function<T, String> wire) {
    String text = text(name, 64);
    return parse
        .apply(text)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    name
                        + " is one of "
                        + Arrays.stream(values).map(wire).toList()
                        + ", was '"
                        + text
                        + "'",
                    name));
  }

  /** A required positive ISO-8601 duration ({@code P90D}, {@code PT12H}). */
  public Duration duration(String name) {
    String text = text(name, 64);
    try {
      Duration duration = Duration.parse(text);
      if (duration.isNegative() || duration.isZero()) {
        throw new InvalidInputException(name + " must be positive, was " + text, name);
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          name + " is an ISO-8601 duration such as P90D or PT12H, was '" + text + "'", name);
    }
  }

  /** A required ISO-8601 instant ({@code 2027-01-01T00:00:00Z}). */
  public Instant instant(String name) {
    String text = text(name, 64);
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          name + " is an ISO-8601 instant such as 2027-01-01T00:00:00Z, was '" + text + "'", name);
    }
  }

  /** An optional positive whole number. */
  public Optional<Long> optionalId(String name) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.canConvertToExactIntegral() || node.asLong() < 1) {
      throw new InvalidInputException(name + " must be a positive whole number", name);
    }
    return Optional.of(node.asLong());
  }
}
