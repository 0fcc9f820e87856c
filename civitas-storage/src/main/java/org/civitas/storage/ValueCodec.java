package org.civitas.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Pattern;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;

/**
 * Converts property values (as {@link org.civitas.sensing.model.Entity} holds them) to and from
 * their columns. Each codec binds and reads {@link #width()} consecutive columns.
 */
enum ValueCodec {
  /** A string in one VARCHAR column. */
  TEXT(1),
  /** JSON text (also GeoJSON) in one VARCHAR column, as {@link Json}. */
  JSON(1),
  /** A {@link TimeValue.Instant} in one timestamp column. */
  INSTANT(1),
  /** A {@link TimeValue.Interval} in a start and an end column. */
  INTERVAL(2),
  /** A {@link TimeValue}: start and end column, the end null for an instant. */
  TIME(2),
  /** An Observation result: a number column and a JSON text column (see {@link Result}). */
  RESULT(2);

  private final int width;

  ValueCodec(int width) {
    this.width = width;
  }

  int width() {
    return width;
  }

  /**
   * Binds {@code value} (possibly null) to parameters {@code index}, {@code index + 1}, ...
   *
   * @throws IllegalArgumentException if the value has the wrong Java type for this codec
   */
  void bind(PreparedStatement statement, int index, Object value, String property)
      throws SQLException {
    switch (this) {
      case TEXT -> statement.setString(index, as(String.class, value, property));
      case JSON -> {
        Json json = as(Json.class, value, property);
        statement.setString(index, json == null ? null : json.text());
      }
      case INSTANT -> {
        TimeValue time = as(TimeValue.class, value, property);
        if (time != null && !(time instanceof TimeValue.Instant)) {
          throw new IllegalArgumentException(property + " must be an instant, not an interval");
        }
        bindInstant(statement, index, time == null ? null : time.start());
      }
      case INTERVAL, TIME -> {
        TimeValue time = as(TimeValue.class, value, property);
        if (this == INTERVAL && time instanceof TimeValue.Instant) {
          throw new IllegalArgumentException(property + " must be an interval, not an instant");
        }
        bindInstant(statement, index, time == null ? null : time.start());
        bindInstant(statement, index + 1, time instanceof TimeValue.Interval i ? i.end() : null);
      }
      case RESULT -> {
        Result result = Result.of(as(Json.class, value, property));
        if (result.number() == null) {
          statement.setNull(index, Types.DOUBLE);
        } else {
          statement.setDouble(index, result.number());
        }
        statement.setString(index + 1, result.text());
      }
    }
  }

  /** Reads the value from columns {@code index}, {@code index + 1}, ...; null when unset. */
  Object read(ResultSet row, int index) throws SQLException {
    return switch (this) {
      case TEXT -> row.getString(index);
      case JSON -> {
        String text = row.getString(index);
        yield text == null ? null : new Json(text);
      }
      case INSTANT -> {
        Instant at = readInstant(row, index);
        yield at == null ? null : new TimeValue.Instant(at);
      }
      case INTERVAL, TIME -> {
        Instant start = readInstant(row, index);
        yield start == null ? null : TimeValue.of(start, readInstant(row, index + 1));
      }
      case RESULT -> {
        double number = row.getDouble(index);
        Double boxed = row.wasNull() ? null : number;
        yield new Result(boxed, row.getString(index + 1)).json();
      }
    };
  }

  static void bindInstant(PreparedStatement statement, int index, Instant at) throws SQLException {
    if (at == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, at.atOffset(ZoneOffset.UTC));
    }
  }

  static Instant readInstant(ResultSet row, int index) throws SQLException {
    OffsetDateTime time = row.getObject(index, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  private static <T> T as(Class<T> type, Object value, String property) {
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw new IllegalArgumentException(
        property
            + " must be a "
            + type.getSimpleName()
            + ", was a "
            + value.getClass().getSimpleName());
  }

  /**
   * An Observation result as stored. A JSON number goes to the number column, which aggregation
   * reads; its text is kept as well only when the number would not print back the same (e.g. {@code
   * 1e3} or {@code 20.50}), so the common row stays narrow and every result round-trips exactly.
   * Anything else (a string, an object, an array, true) is JSON text only.
   */
  record Result(Double number, String text) {
    private static final Pattern JSON_NUMBER =
        Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    static Result of(Json json) {
      if (json == null) {
        throw new IllegalArgumentException("result must not be null");
      }
      String text = json.text().strip();
      if (JSON_NUMBER.matcher(text).matches()) {
        double number = Double.parseDouble(text);
        if (Double.isFinite(number)) {
          return new Result(number, format(number).equals(text) ? null : text);
        }
      }
      return new Result(null, json.text());
    }

    Json json() {
      return new Json(text != null ? text : format(number));
    }

    /** How a stored number is written back: integers without a fraction, others as Java does. */
    static String format(double number) {
      if (number == Math.rint(number) && Math.abs(number) < 1e15) {
        return Long.toString((long) number);
      }
      return Double.toString(number);
    }
  }
}
