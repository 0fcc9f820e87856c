package org.civitas.sensing.query.filter;

/**
 * The static type of a {@code $filter} expression, as far as it is known before the data is read. A
 * value inside JSON ({@code properties/owner}, an Observation's {@code result}) is {@link
 * #DYNAMIC}: storage compares it as a number or as text depending on what it is compared with.
 */
public enum FilterType {
  TEXT,
  NUMBER,
  BOOLEAN,
  /** An instant, or an interval (a time property that may be one), compared by its bounds. */
  DATE_TIME,
  DATE,
  TIME_OF_DAY,
  DURATION,
  GEOMETRY,
  /** A JSON value whose type is only known per row. */
  DYNAMIC,
  /** The literal {@code null}. */
  NULL;

  /** Whether a value of this type may stand where {@code expected} is required. */
  boolean fits(FilterType expected) {
    return this == expected || this == DYNAMIC || this == NULL || expected == DYNAMIC;
  }

  String describe() {
    return switch (this) {
      case TEXT -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case DATE_TIME -> "a date-time";
      case DATE -> "a date";
      case TIME_OF_DAY -> "a time of day";
      case DURATION -> "a duration";
      case GEOMETRY -> "a geometry";
      case DYNAMIC -> "a value";
      case NULL -> "null";
    };
  }
}
