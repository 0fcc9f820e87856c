package org.civitas.server.sensing;

import java.util.List;
import org.civitas.error.InvalidInputException;
import org.civitas.timeseries.NewObservation;

/**
 * Reads the {@code Idempotency-Key} request header (IETF httpapi draft "The Idempotency-Key HTTP
 * Header Field"): an RFC 8941 structured-field String, {@code
 * "8e03978e-40d5-43e8-bc93-6894a57f9324"} with its quotes. Many clients written before the draft
 * send the bare value without quotes; as long as it holds no quote, backslash or leading/trailing
 * space it is read as the same key.
 */
final class IdempotencyKeyHeader {

  /** The header's name, also the {@code field} of the problems it causes. */
  static final String NAME = "Idempotency-Key";

  private IdempotencyKeyHeader() {}

  /**
   * The key the request's header values carry, or null when there is none.
   *
   * @throws InvalidInputException (field {@value #NAME}) when the header is repeated, is not a
   *     string, or its key is empty, longer than {@link NewObservation#MAX_IDEMPOTENCY_KEY_LENGTH}
   *     characters or not printable ASCII
   */
  static String parse(List<String> values) {
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw new InvalidInputException(
          "a request carries at most one " + NAME + " header, found " + values.size(), NAME);
    }
    String value = values.getFirst().strip();
    String key = value.startsWith("\"") ? structuredString(value) : bare(value);
    return NewObservation.checkIdempotencyKey(key, NAME);
  }

  /** An RFC 8941 sf-string: quotes around printable ASCII, with {@code \"} and {@code \\}. */
  private static String structuredString(String value) {
    StringBuilder key = new StringBuilder(value.length());
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\') {
        char next = i + 1 < value.length() ? value.charAt(i + 1) : 0;
        if (next != '"' && next != '\\') {
          throw invalid("a backslash in a string escapes only \" or \\");
        }
        key.append(next);
        i++;
      } else if (c == '"') {
        if (i != value.length() - 1) {
          throw invalid("nothing may follow the closing quote of the key");
        }
        return key.toString();
      } else {
        key.append(c);
      }
    }
    throw invalid("the key's string has no closing quote");
  }

  private static String bare(String value) {
    if (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0) {
      throw invalid("a key with quotes or backslashes must be a quoted string");
    }
    return value;
  }

  /**
   * Refuses the header on a request that does not honour it, so that a client relying on it for a
   * request of many Observations is not silently given none of its protection.
   *
   * @param header the request's value of the header, or null
   * @param what the request, as the problem names it ("CreateObservations")
   */
  static void refuse(String header, String what) {
    if (header != null) {
      throw new InvalidInputException(
          NAME + " is honoured on POSTs of single Observations, not on " + what, NAME);
    }
  }

  private static InvalidInputException invalid(String problem) {
    return new InvalidInputException(
        NAME + " must be a structured-field string such as \"8e03978e-40d5\": " + problem, NAME);
  }
}
