package org.civitas.sensing.query.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civitas.error.InvalidInputException;

/** Splits a {@code $filter} text into tokens, each with the column it starts at (from 1). */
final class FilterLexer {

  enum Kind {
    OPEN,
    CLOSE,
    COMMA,
    SLASH,
    MINUS,
    STRING,
    NUMBER,
    DATE_TIME,
    DATE,
    TIME_OF_DAY,
    /**
     * {@code duration'P1D'}, {@code geography'POINT(1 2)'}: text is the prefix, value the quoted.
     */
    TYPED_STRING,
    IDENTIFIER,
    END
  }

  /**
   * @param text the token as written (for a string: its value without quotes and escapes)
   * @param value for a typed string, the quoted part
   */
  record Token(Kind kind, String text, String value, int column) {
    String describe() {
      return switch (kind) {
        case END -> "the end of the filter";
        case STRING -> "'" + text.replace("'", "''") + "'";
        case TYPED_STRING -> text + "'" + value + "'";
        default -> "'" + text + "'";
      };
    }
  }

  private static final Pattern DATE_TIME =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIME_OF_DAY =
      Pattern.compile("\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

  private record Shape(Pattern pattern, Kind kind) {}

  private static final List<Shape> TEMPORAL_SHAPES =
      List.of(
          new Shape(DATE_TIME, Kind.DATE_TIME),
          new Shape(DATE, Kind.DATE),
          new Shape(TIME_OF_DAY, Kind.TIME_OF_DAY));
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

  private final String text;
  private int position;

  private FilterLexer(String text) {
    this.text = text;
  }

  static List<Token> tokens(String text) {
    return new FilterLexer(text).all();
  }

  static InvalidInputException error(int column, String message) {
    return new InvalidInputException("at column " + column + ": " + message, Filter.OPTION);
  }

  private List<Token> all() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
        position++;
      }
      if (position >= text.length()) {
        tokens.add(new Token(Kind.END, "", null, text.length() + 1));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private Token next() {
    int start = position;
    int column = start + 1;
    char c = text.charAt(position);
    switch (c) {
      case '(' -> {
        position++;
        return new Token(Kind.OPEN, "(", null, column);
      }
      case ')' -> {
        position++;
        return new Token(Kind.CLOSE, ")", null, column);
      }
      case ',' -> {
        position++;
        return new Token(Kind.COMMA, ",", null, column);
      }
      case '/' -> {
        position++;
        return new Token(Kind.SLASH, "/", null, column);
      }
      case '\'' -> {
        return new Token(Kind.STRING, quoted(), null, column);
      }
      default -> {}
    }
    if (Character.isDigit(c)) {
      // The longest shape first: a date-time starts like a date.
      for (Shape shape : TEMPORAL_SHAPES) {
        Matcher matcher = shape.pattern().matcher(text).region(position, text.length());
        if (matcher.lookingAt() && !wordContinues(matcher.end())) {
          position = matcher.end();
          return new Token(shape.kind(), text.substring(start, position), null, column);
        }
      }
    }
    if (Character.isDigit(c)
        || (c == '-'
            && position + 1 < text.length()
            && Character.isDigit(text.charAt(position + 1)))) {
      Matcher matcher = NUMBER.matcher(text).region(position, text.length());
      if (matcher.lookingAt() && !wordContinues(matcher.end())) {
        position = matcher.end();
        return new Token(Kind.NUMBER, text.substring(start, position), null, column);
      }
      throw error(column, "malformed number or date starting '" + excerpt(start) + "'");
    }
    if (c == '-') {
      position++;
      return new Token(Kind.MINUS, "-", null, column);
    }
    if (identifierStart(c)) {
      position++;
      while (position < text.length() && identifierPart(text.charAt(position))) {
        position++;
      }
      String word = text.substring(start, position);
      if (position < text.length()
          && text.charAt(position) == '\''
          && (word.equals("duration") || word.equals("geography") || word.equals("geometry"))) {
        return new Token(Kind.TYPED_STRING, word, quoted(), column);
      }
      return new Token(Kind.IDENTIFIER, word, null, column);
    }
    throw error(column, "unexpected character '" + c + "'");
  }

  /** Reads a quoted string at the position; {@code ''} inside stands for one quote. */
  private String quoted() {
    int column = position + 1;
    StringBuilder value = new StringBuilder();
    position++;
    while (position < text.length()) {
      char c = text.charAt(position++);
      if (c == '\'') {
        if (position < text.length() && text.charAt(position) == '\'') {
          value.append('\'');
          position++;
        } else {
          return value.toString();
        }
      } else {
        value.append(c);
      }
    }
    throw error(column, "string starting here is not closed by a quote (')");
  }

  private boolean wordContinues(int end) {
    return end < text.length() && identifierPart(text.charAt(end));
  }

  private String excerpt(int start) {
    int end = start;
    while (end < text.length() && end - start < 20 && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    return text.substring(start, end);
  }

  private static boolean identifierStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '@' || c == '$';
  }

  private static boolean identifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '@' || c == '$' || c == '.';
  }
}
