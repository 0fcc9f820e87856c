package org.civitas.server.sensing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.TimeValue;

/**
 * ISO 8601 times as SensorThings writes them: instants with an offset ({@code
 * 2026-11-23T18:00:00Z}) and intervals ({@code start/end} or {@code start/duration}).
 */
final class TimeText {

  private TimeText() {}

  static Instant instant(String text, String field) {
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field
              + " must be an ISO 8601 time with offset, e.g. 2026-11-23T18:00:00Z, found '"
              + text
              + "'",
          field,
          e);
    }
  }

  static TimeValue.Interval interval(String text, String field) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new InvalidInputException(
          field + " must be an ISO 8601 interval start/end, found '" + text + "'", field);
    }
    Instant start = instant(text.substring(0, slash), field);
    String endText = text.substring(slash + 1).trim();
    Instant end;
    if (endText.startsWith("P")) {
      try {
        end = start.plus(Duration.parse(endText));
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(
            field + " has an unreadable duration '" + endText + "'", field, e);
      }
    } else {
      end = instant(endText, field);
    }
    if (end.isBefore(start)) {
      throw new InvalidInputException(
          field + " ends (" + end + ") before it starts (" + start + ")", field);
    }
    return new TimeValue.Interval(start, end);
  }

  /** An instant or an interval, whichever the text is. */
  static TimeValue time(String text, String field) {
    return text.indexOf('/') >= 0
        ? interval(text, field)
        : new TimeValue.Instant(instant(text, field));
  }

  static String format(TimeValue value) {
    return switch (value) {
      case TimeValue.Instant instant -> instant.at().toString();
      case TimeValue.Interval interval -> interval.start() + "/" + interval.end();
    };
  }
}
