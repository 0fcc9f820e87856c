package org.civitas.devices.lorawan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.civitas.error.InvalidInputException;

/**
 * Reads the JSON a network server posts, tolerating every property it does not need, and names the
 * JSON path of whatever required part is missing or malformed. Proto3 JSON leaves out zero values
 * (an FCnt of 0, a margin of 0, false), so a missing number reads as 0.
 */
final class EventJson {

  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private EventJson() {}

  static JsonNode parse(byte[] body, String what, String hint) {
    if (body == null || body.length == 0) {
      throw new InvalidInputException("the " + what + " is empty; expected JSON", null);
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "the " + what + " is not JSON (" + e.getOriginalMessage() + ")" + hint, null, e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a byte array failed", e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidInputException("the " + what + " must be a JSON object" + hint, null);
    }
    return node;
  }

  /** The node at a dotted path ({@code deviceInfo.devEui}), missing when any step is. */
  static JsonNode at(JsonNode root, String path) {
    JsonNode node = root;
    for (String step : path.split("\\.")) {
      node = node.path(step);
    }
    return node;
  }

  static String text(JsonNode root, String path) {
    JsonNode node = at(root, path);
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new InvalidInputException(
          "expected a string at " + path + ", found " + describe(node), path);
    }
    return node.asText();
  }

  static Optional<String> optionalText(JsonNode root, String path) {
    JsonNode node = at(root, path);
    return node.isTextual() && !node.asText().isBlank()
        ? Optional.of(node.asText())
        : Optional.empty();
  }

  /** An EUI-64 such as a DevEUI, as 16 upper-case hex digits. */
  static String eui(JsonNode root, String path) {
    return hex(root, path, 16);
  }

  /** A hex identifier of {@code digits} digits, upper-cased. */
  static String hex(JsonNode root, String path, int digits) {
    String value = text(root, path).trim();
    if (value.length() != digits || !value.chars().allMatch(HexFormat::isHexDigit)) {
      throw new InvalidInputException(
          "expected %d hexadecimal digits at %s, found \"%s\"".formatted(digits, path, value),
          path);
    }
    return value.toUpperCase(Locale.ROOT);
  }

  static Optional<String> optionalHex(JsonNode root, String path, int digits) {
    return at(root, path).isMissingNode() ? Optional.empty() : Optional.of(hex(root, path, digits));
  }

  /** A non-negative integer, 0 when absent; proto3 JSON may also write it as a string. */
  static long unsigned(JsonNode root, String path, long max) {
    JsonNode node = at(root, path);
    if (node.isMissingNode() || node.isNull()) {
      return 0;
    }
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.asLong();
    } else if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
      value = Long.parseLong(node.asText());
    } else {
      throw new InvalidInputException(
          "expected a non-negative integer at " + path + ", found " + describe(node), path);
    }
    if (value < 0 || value > max) {
      throw new InvalidInputException(
          "expected an integer from 0 to %d at %s, found %d".formatted(max, path, value), path);
    }
    return value;
  }

  static long signed(JsonNode root, String path) {
    JsonNode node = at(root, path);
    if (node.isMissingNode() || node.isNull()) {
      return 0;
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidInputException(
          "expected an integer at " + path + ", found " + describe(node), path);
    }
    return node.asInt();
  }

  static Optional<Double> optionalNumber(JsonNode node, String path) {
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isNumber()) {
      throw new InvalidInputException(
          "expected a number at " + path + ", found " + describe(node), path);
    }
    return Optional.of(node.asDouble());
  }

  static boolean bool(JsonNode root, String path) {
    JsonNode node = at(root, path);
    if (node.isMissingNode() || node.isNull()) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new InvalidInputException(
          "expected true or false at " + path + ", found " + describe(node), path);
    }
    return node.asBoolean();
  }

  /** Base64 bytes (proto3 JSON's encoding of bytes), empty when absent. */
  static byte[] base64(JsonNode root, String path) {
    JsonNode node = at(root, path);
    if (node.isMissingNode() || node.isNull()) {
      return new byte[0];
    }
    if (!node.isTextual()) {
      throw new InvalidInputException(
          "expected base64 at " + path + ", found " + describe(node), path);
    }
    try {
      return Base64.getDecoder().decode(node.asText().trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "expected base64 at " + path + ": " + e.getMessage(), path, e);
    }
  }

  static Instant instant(JsonNode root, String path) {
    String value = text(root, path);
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "expected an RFC 3339 UTC time at " + path + ", found \"" + value + "\"", path, e);
    }
  }

  static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    String text = node.toString();
    return node.getNodeType().name().toLowerCase(Locale.ROOT)
        + " "
        + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
  }

  /**
   * Picks the best of a frame's receptions: the highest SNR (as LoRaWAN ADR judges a link), then
   * the highest RSSI. Receptions without SNR rank below those with it.
   *
   * @return the index of the best reception, or -1 when there is none
   */
  static int best(JsonNode receptions, String path) {
    int best = -1;
    double bestSnr = Double.NEGATIVE_INFINITY;
    double bestRssi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < receptions.size(); i++) {
      JsonNode r = receptions.get(i);
      double snr =
          optionalNumber(r.path("snr"), path + "[" + i + "].snr").orElse(Double.NEGATIVE_INFINITY);
      double rssi =
          optionalNumber(r.path("rssi"), path + "[" + i + "].rssi")
              .orElse(Double.NEGATIVE_INFINITY);
      if (best < 0 || snr > bestSnr || (snr == bestSnr && rssi > bestRssi)) {
        best = i;
        bestSnr = snr;
        bestRssi = rssi;
      }
    }
    return best;
  }
}
