package org.civitas.rules.cap;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.civitas.error.InvalidInputException;

/**
 * A value from one of CAP 1.2's value lists, with its exact spelling in the standard. The enums in
 * this package implement it; {@link #parse} reads one from text.
 */
public interface CapCode {

  /** The value as CAP 1.2 spells it, e.g. {@code Immediate}. */
  String text();

  /**
   * The value of {@code type} spelled {@code text}, exactly (CAP values are case-sensitive).
   *
   * @throws InvalidInputException naming {@code field} when there is none
   */
  static <E extends Enum<E> & CapCode> E parse(Class<E> type, String text, String field) {
    for (E value : type.getEnumConstants()) {
      if (value.text().equals(text)) {
        return value;
      }
    }
    throw new InvalidInputException(
        "expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(CapCode::text)
                .collect(Collectors.joining(", "))
            + " (CAP 1.2), found "
            + (text == null ? "nothing" : "'" + text + "'"),
        field);
  }
}
