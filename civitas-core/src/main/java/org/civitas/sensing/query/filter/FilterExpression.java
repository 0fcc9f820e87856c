package org.civitas.sensing.query.filter;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;

/**
 * A node of a parsed {@code $filter} expression. The tree is already checked against the entity
 * type it filters: property paths are resolved and function arguments have fitting types. Storage
 * translates it to SQL by an exhaustive switch over these records.
 */
public sealed interface FilterExpression {

  /** What the expression yields, as far as known before reading data. */
  FilterType type();

  /** A constant. */
  sealed interface Literal extends FilterExpression {}

  record TextLiteral(String value) implements Literal {
    public TextLiteral {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public FilterType type() {
      return FilterType.TEXT;
    }
  }

  /** A number; {@code integer} when written without a fraction or exponent. */
  record NumberLiteral(BigDecimal value, boolean integer) implements Literal {
    public NumberLiteral {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public FilterType type() {
      return FilterType.NUMBER;
    }
  }

  record BooleanLiteral(boolean value) implements Literal {
    @Override
    public FilterType type() {
      return FilterType.BOOLEAN;
    }
  }

  record NullLiteral() implements Literal {
    @Override
    public FilterType type() {
      return FilterType.NULL;
    }
  }

  /** An ISO 8601 date-time with its offset as written ({@code 2026-01-01T00:00:00+01:00}). */
  record DateTimeLiteral(OffsetDateTime value) implements Literal {
    public DateTimeLiteral {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public FilterType type() {
      return FilterType.DATE_TIME;
    }
  }

  record DateLiteral(LocalDate value) implements Literal {
    public DateLiteral {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public FilterType type() {
      return FilterType.DATE;
    }
  }

  record TimeOfDayLiteral(LocalTime value) implements Literal {
    public TimeOfDayLiteral {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public FilterType type() {
      return FilterType.TIME_OF_DAY;
    }
  }

  /** An ISO 8601 duration in days and time ({@code duration'P1DT2H'}). */
  record DurationLiteral(Duration value) implements Literal {
    public DurationLiteral {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public FilterType type() {
      return FilterType.DURATION;
    }
  }

  /**
   * A WKT geometry: {@code geography'POINT(7.5 51.9)'} ({@code geography} true) or {@code
   * geometry'...'}. The WKT is checked for its outline only; storage parses it.
   */
  record GeometryLiteral(boolean geography, String wkt) implements Literal {
    public GeometryLiteral {
      Objects.requireNonNull(wkt, "wkt");
    }

    @Override
    public FilterType type() {
      return FilterType.GEOMETRY;
    }
  }

  /**
   * A property reached from the filtered entity: over zero or more navigation properties ({@code
   * Datastream/ObservedProperty/name}), then a property or the id, then, inside a JSON property,
   * member names ({@code properties/owner/name}).
   *
   * @param root the entity type being filtered
   * @param navigations the navigation properties followed, in order
   * @param property the property at the end; empty for the id
   * @param jsonPath member names inside a JSON property; empty for the whole value
   */
  record PropertyPath(
      EntityType root,
      List<Navigation> navigations,
      Optional<Property> property,
      List<String> jsonPath)
      implements FilterExpression {
    public PropertyPath {
      Objects.requireNonNull(root, "root");
      navigations = List.copyOf(navigations);
      Objects.requireNonNull(property, "property");
      jsonPath = List.copyOf(jsonPath);
    }

    /** The entity type that holds the property: the root or the end of the navigations. */
    public EntityType owner() {
      return navigations.isEmpty() ? root : navigations.getLast().target();
    }

    @Override
    public FilterType type() {
      if (property.isEmpty()) {
        return FilterType.NUMBER;
      }
      if (!jsonPath.isEmpty()) {
        return FilterType.DYNAMIC;
      }
      return switch (property.get().kind()) {
        case TEXT -> FilterType.TEXT;
        case JSON -> FilterType.DYNAMIC;
        case GEOMETRY -> FilterType.GEOMETRY;
        case TIME_INSTANT, TIME_INTERVAL, TIME -> FilterType.DATE_TIME;
      };
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder();
      for (Navigation navigation : navigations) {
        text.append(navigation.name()).append('/');
      }
      text.append(property.map(Property::name).orElse("id"));
      jsonPath.forEach(member -> text.append('/').append(member));
      return text.toString();
    }
  }

  enum ComparisonOperator {
    EQ,
    NE,
    GT,
    GE,
    LT,
    LE
  }

  record Comparison(ComparisonOperator operator, FilterExpression left, FilterExpression right)
      implements FilterExpression {
    public Comparison {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public FilterType type() {
      return FilterType.BOOLEAN;
    }
  }

  enum LogicalOperator {
    AND,
    OR
  }

  record Logical(LogicalOperator operator, FilterExpression left, FilterExpression right)
      implements FilterExpression {
    public Logical {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public FilterType type() {
      return FilterType.BOOLEAN;
    }
  }

  record Not(FilterExpression operand) implements FilterExpression {
    public Not {
      Objects.requireNonNull(operand, "operand");
    }

    @Override
    public FilterType type() {
      return FilterType.BOOLEAN;
    }
  }

  enum ArithmeticOperator {
    ADD,
    SUB,
    MUL,
    DIV,
    MOD
  }

  record Arithmetic(ArithmeticOperator operator, FilterExpression left, FilterExpression right)
      implements FilterExpression {
    public Arithmetic {
      Objects.requireNonNull(operator, "operator");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public FilterType type() {
      return FilterType.NUMBER;
    }
  }

  /** Unary minus. */
  record Negation(FilterExpression operand) implements FilterExpression {
    public Negation {
      Objects.requireNonNull(operand, "operand");
    }

    @Override
    public FilterType type() {
      return FilterType.NUMBER;
    }
  }

  record FunctionCall(FilterFunction function, List<FilterExpression> arguments)
      implements FilterExpression {
    public FunctionCall {
      Objects.requireNonNull(function, "function");
      arguments = List.copyOf(arguments);
    }

    @Override
    public FilterType type() {
      return function.result();
    }
  }
}
