package org.civitas.sensing.query.filter;

import static org.civitas.sensing.query.filter.FilterLexer.error;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;
import org.civitas.sensing.model.ValueKind;
import org.civitas.sensing.query.filter.FilterExpression.Arithmetic;
import org.civitas.sensing.query.filter.FilterExpression.ArithmeticOperator;
import org.civitas.sensing.query.filter.FilterExpression.BooleanLiteral;
import org.civitas.sensing.query.filter.FilterExpression.Comparison;
import org.civitas.sensing.query.filter.FilterExpression.ComparisonOperator;
import org.civitas.sensing.query.filter.FilterExpression.DateLiteral;
import org.civitas.sensing.query.filter.FilterExpression.DateTimeLiteral;
import org.civitas.sensing.query.filter.FilterExpression.DurationLiteral;
import org.civitas.sensing.query.filter.FilterExpression.FunctionCall;
import org.civitas.sensing.query.filter.FilterExpression.GeometryLiteral;
import org.civitas.sensing.query.filter.FilterExpression.Logical;
import org.civitas.sensing.query.filter.FilterExpression.LogicalOperator;
import org.civitas.sensing.query.filter.FilterExpression.Negation;
import org.civitas.sensing.query.filter.FilterExpression.Not;
import org.civitas.sensing.query.filter.FilterExpression.NullLiteral;
import org.civitas.sensing.query.filter.FilterExpression.NumberLiteral;
import org.civitas.sensing.query.filter.FilterExpression.PropertyPath;
import org.civitas.sensing.query.filter.FilterExpression.TextLiteral;
import org.civitas.sensing.query.filter.FilterExpression.TimeOfDayLiteral;
import org.civitas.sensing.query.filter.FilterLexer.Kind;
import org.civitas.sensing.query.filter.FilterLexer.Token;

/**
 * A recursive-descent parser for {@code $filter}. Precedence, lowest first: {@code or}; {@code
 * and}; {@code not}; comparisons ({@code eq ne gt ge lt le}); {@code add sub}; {@code mul div mod};
 * unary minus; literals, parentheses, function calls and property paths. Property paths and types
 * are checked while parsing, so every error can name the column it was found at.
 */
final class FilterParser {

  /** Deeper nesting than this is refused rather than risking the stack. */
  private static final int MAX_DEPTH = 64;

  private static final Map<String, ComparisonOperator> COMPARISONS =
      Map.of(
          "eq", ComparisonOperator.EQ,
          "ne", ComparisonOperator.NE,
          "gt", ComparisonOperator.GT,
          "ge", ComparisonOperator.GE,
          "lt", ComparisonOperator.LT,
          "le", ComparisonOperator.LE);
  private static final Map<String, ArithmeticOperator> ADDITIVE =
      Map.of("add", ArithmeticOperator.ADD, "sub", ArithmeticOperator.SUB);
  private static final Map<String, ArithmeticOperator> MULTIPLICATIVE =
      Map.of(
          "mul", ArithmeticOperator.MUL,
          "div", ArithmeticOperator.DIV,
          "mod", ArithmeticOperator.MOD);
  private static final List<String> RESERVED =
      List.of(
          "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "add", "sub", "mul", "div",
          "mod");

  /** The outline of WKT: a geometry keyword and a balanced list of numbers. */
  private static final Pattern WKT =
      Pattern.compile(
          "(?i)\\s*(SRID=\\d+;)?\\s*(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING"
              + "|MULTIPOLYGON|GEOMETRYCOLLECTION)\\s*(Z|M|ZM)?\\s*(\\(.*\\)|EMPTY)\\s*");

  private final EntityType type;
  private final List<Token> tokens;
  private int next;
  private int depth;

  FilterParser(String text, EntityType type) {
    this.type = type;
    this.tokens = FilterLexer.tokens(text);
  }

  FilterExpression parse() {
    if (peek().kind() == Kind.END) {
      throw error(1, "the filter is empty; expected a boolean expression");
    }
    Token first = peek();
    FilterExpression expression = or();
    Token rest = peek();
    if (rest.kind() != Kind.END) {
      throw error(
          rest.column(), "expected an operator or the end of the filter, found " + rest.describe());
    }
    requireBoolean(expression, first, "the filter");
    return expression;
  }

  // ------------------------------------------------------------------------------- precedence

  private FilterExpression or() {
    FilterExpression left = and();
    while (isWord("or")) {
      Token operator = take();
      FilterExpression right = and();
      requireBoolean(left, operator, "'or'");
      requireBoolean(right, operator, "'or'");
      left = new Logical(LogicalOperator.OR, left, right);
    }
    return left;
  }

  private FilterExpression and() {
    FilterExpression left = not();
    while (isWord("and")) {
      Token operator = take();
      FilterExpression right = not();
      requireBoolean(left, operator, "'and'");
      requireBoolean(right, operator, "'and'");
      left = new Logical(LogicalOperator.AND, left, right);
    }
    return left;
  }

  private FilterExpression not() {
    if (isWord("not")) {
      Token operator = take();
      enter(operator);
      FilterExpression operand = not();
      depth--;
      requireBoolean(operand, operator, "'not'");
      return new Not(operand);
    }
    return comparison();
  }

  private FilterExpression comparison() {
    FilterExpression left = additive();
    while (peek().kind() == Kind.IDENTIFIER && COMPARISONS.containsKey(peek().text())) {
      Token operator = take();
      FilterExpression right = additive();
      checkComparable(left, right, operator);
      left = new Comparison(COMPARISONS.get(operator.text()), left, right);
    }
    return left;
  }

  private FilterExpression additive() {
    FilterExpression left = multiplicative();
    while (peek().kind() == Kind.IDENTIFIER && ADDITIVE.containsKey(peek().text())) {
      Token operator = take();
      FilterExpression right = multiplicative();
      left = arithmetic(ADDITIVE.get(operator.text()), left, right, operator);
    }
    return left;
  }

  private FilterExpression multiplicative() {
    FilterExpression left = unary();
    while (peek().kind() == Kind.IDENTIFIER && MULTIPLICATIVE.containsKey(peek().text())) {
      Token operator = take();
      FilterExpression right = unary();
      left = arithmetic(MULTIPLICATIVE.get(operator.text()), left, right, operator);
    }
    return left;
  }

  private FilterExpression unary() {
    if (peek().kind() == Kind.MINUS) {
      Token minus = take();
      enter(minus);
      FilterExpression operand = unary();
      depth--;
      requireNumber(operand, minus, "'-'");
      return new Negation(operand);
    }
    return primary();
  }

  private FilterExpression primary() {
    Token token = take();
    return switch (token.kind()) {
      case OPEN -> {
        enter(token);
        FilterExpression inner = or();
        depth--;
        expect(Kind.CLOSE, "')' to close the '(' at column " + token.column());
        yield inner;
      }
      case STRING -> new TextLiteral(token.text());
      case NUMBER -> number(token);
      case DATE_TIME -> {
        try {
          yield new DateTimeLiteral(OffsetDateTime.parse(token.text()));
        } catch (DateTimeParseException e) {
          throw error(token.column(), "'" + token.text() + "' is not a valid date-time");
        }
      }
      case DATE -> {
        try {
          yield new DateLiteral(LocalDate.parse(token.text()));
        } catch (DateTimeParseException e) {
          throw error(token.column(), "'" + token.text() + "' is not a valid date");
        }
      }
      case TIME_OF_DAY -> {
        try {
          yield new TimeOfDayLiteral(LocalTime.parse(token.text()));
        } catch (DateTimeParseException e) {
          throw error(token.column(), "'" + token.text() + "' is not a valid time of day");
        }
      }
      case TYPED_STRING -> typedString(token);
      case IDENTIFIER -> identifier(token);
      case CLOSE, COMMA, SLASH, MINUS, END ->
          throw error(
              token.column(),
              "expected a property, a literal, a function or '(', found " + token.describe());
    };
  }

  // ------------------------------------------------------------------------------- operands

  private FilterExpression number(Token token) {
    String text = token.text();
    boolean integer = !text.contains(".") && !text.contains("e") && !text.contains("E");
    BigDecimal value = new BigDecimal(text);
    if (integer && value.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      integer = false;
    }
    if (!integer && Double.isInfinite(value.doubleValue())) {
      throw error(token.column(), "number " + text + " is out of range");
    }
    return new NumberLiteral(value, integer);
  }

  private FilterExpression typedString(Token token) {
    if (token.text().equals("duration")) {
      try {
        return new DurationLiteral(Duration.parse(token.value()));
      } catch (DateTimeParseException e) {
        throw error(
            token.column(),
            "'" + token.value() + "' is not an ISO 8601 duration in days and time (e.g. P1DT2H)");
      }
    }
    if (!WKT.matcher(token.value()).matches()) {
      throw error(
          token.column(), "'" + token.value() + "' is not a WKT geometry (e.g. POINT(7.6 51.9))");
    }
    return new GeometryLiteral(token.text().equals("geography"), token.value().strip());
  }

  private FilterExpression identifier(Token token) {
    String word = token.text();
    switch (word) {
      case "true" -> {
        return new BooleanLiteral(true);
      }
      case "false" -> {
        return new BooleanLiteral(false);
      }
      case "null" -> {
        return new NullLiteral();
      }
      default -> {}
    }
    if (RESERVED.contains(word)) {
      throw error(
          token.column(),
          "expected a property, a literal, a function or '(', found '" + word + "'");
    }
    if (peek().kind() == Kind.OPEN) {
      return functionCall(token);
    }
    return propertyPath(token);
  }

  private FilterExpression functionCall(Token name) {
    FilterFunction function =
        FilterFunction.named(name.text())
            .orElseThrow(() -> error(name.column(), "unknown function '" + name.text() + "'"));
    Token open = take();
    enter(open);
    List<FilterExpression> arguments = new ArrayList<>();
    List<Token> starts = new ArrayList<>();
    if (peek().kind() != Kind.CLOSE) {
      starts.add(peek());
      arguments.add(or());
      while (peek().kind() == Kind.COMMA) {
        take();
        starts.add(peek());
        arguments.add(or());
      }
    }
    depth--;
    expect(Kind.CLOSE, "',' or ')' in the arguments of " + function.functionName());
    List<FilterType> parameters = function.parameters();
    if (arguments.size() < function.minArguments() || arguments.size() > parameters.size()) {
      String expected =
          function.minArguments() == parameters.size()
              ? String.valueOf(parameters.size())
              : function.minArguments() + " or " + parameters.size();
      throw error(
          name.column(),
          function.functionName()
              + " takes "
              + expected
              + " argument"
              + (parameters.size() == 1 ? "" : "s")
              + ", found "
              + arguments.size());
    }
    for (int i = 0; i < arguments.size(); i++) {
      FilterType actual = arguments.get(i).type();
      FilterType expected = parameters.get(i);
      boolean fits =
          actual.fits(expected) || (expected == FilterType.DATE_TIME && actual == FilterType.DATE);
      if (!fits) {
        throw error(
            starts.get(i).column(),
            "argument "
                + (i + 1)
                + " of "
                + function.functionName()
                + " must be "
                + expected.describe()
                + ", found "
                + actual.describe());
      }
    }
    return new FunctionCall(function, arguments);
  }

  private FilterExpression propertyPath(Token first) {
    EntityType current = type;
    List<Navigation> navigations = new ArrayList<>();
    Token segment = first;
    while (true) {
      String name = segment.text();
      if (name.equals("id") || name.equals("@iot.id")) {
        return new PropertyPath(type, navigations, Optional.empty(), List.of());
      }
      Optional<Navigation> navigation = current.navigation(name);
      if (navigation.isPresent()) {
        navigations.add(navigation.get());
        if (peek().kind() != Kind.SLASH) {
          throw error(
              segment.column(),
              name + " is a navigation property; name a property of it (e.g. " + name + "/id)");
        }
        take();
        current = navigation.get().target();
        segment = expect(Kind.IDENTIFIER, "a property or navigation property of " + name);
        continue;
      }
      Optional<Property> found = current.property(name);
      if (found.isEmpty()) {
        throw error(
            segment.column(),
            "a " + current.singular() + " has no property or navigation property '" + name + "'");
      }
      Property property = found.get();
      List<String> jsonPath = new ArrayList<>();
      while (peek().kind() == Kind.SLASH) {
        Token slash = take();
        if (property.kind() != ValueKind.JSON) {
          throw error(
              slash.column(),
              property.name() + " is not a JSON object; nothing can follow it in a path");
        }
        jsonPath.add(expect(Kind.IDENTIFIER, "a member name inside " + property.name()).text());
      }
      return new PropertyPath(type, navigations, Optional.of(property), jsonPath);
    }
  }

  // ------------------------------------------------------------------------------- type checks

  private FilterExpression arithmetic(
      ArithmeticOperator operator, FilterExpression left, FilterExpression right, Token token) {
    requireNumber(left, token, "'" + token.text() + "'");
    requireNumber(right, token, "'" + token.text() + "'");
    return new Arithmetic(operator, left, right);
  }

  private static void requireNumber(FilterExpression operand, Token operator, String what) {
    FilterType type = operand.type();
    if (type != FilterType.NUMBER && type != FilterType.DYNAMIC && type != FilterType.NULL) {
      throw error(operator.column(), what + " needs numbers, found " + type.describe());
    }
  }

  private static void requireBoolean(FilterExpression operand, Token at, String what) {
    FilterType type = operand.type();
    if (type != FilterType.BOOLEAN && type != FilterType.DYNAMIC) {
      throw error(at.column(), what + " needs a boolean expression, found " + type.describe());
    }
  }

  private static void checkComparable(FilterExpression left, FilterExpression right, Token at) {
    FilterType a = left.type();
    FilterType b = right.type();
    if (a == FilterType.GEOMETRY || b == FilterType.GEOMETRY) {
      throw error(
          at.column(),
          "geometries cannot be compared with '" + at.text() + "'; use the geo functions");
    }
    boolean comparable = a == b || a.fits(b) || b.fits(a);
    if (!comparable) {
      throw error(
          at.column(),
          "cannot compare " + a.describe() + " with " + b.describe() + " ('" + at.text() + "')");
    }
  }

  // ------------------------------------------------------------------------------- tokens

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token token = tokens.get(next);
    if (token.kind() != Kind.END) {
      next++;
    }
    return token;
  }

  private boolean isWord(String word) {
    return peek().kind() == Kind.IDENTIFIER && peek().text().equals(word);
  }

  private Token expect(Kind kind, String what) {
    Token token = take();
    if (token.kind() != kind) {
      throw error(token.column(), "expected " + what + ", found " + token.describe());
    }
    return token;
  }

  private void enter(Token at) {
    if (++depth > MAX_DEPTH) {
      throw new InvalidInputException(
          "at column " + at.column() + ": the filter nests deeper than " + MAX_DEPTH + " levels",
          Filter.OPTION);
    }
  }
}
