package org.civitas.sensing.query.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civitas.sensing.model.EntityType.DATASTREAM;
import static org.civitas.sensing.model.EntityType.OBSERVATION;
import static org.civitas.sensing.model.EntityType.THING;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Random;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
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
import org.junit.jupiter.api.Test;

class FilterParserTest {

  private static FilterExpression parse(EntityType type, String text) {
    return Filter.parse(text, type).expression();
  }

  private static Comparison comparison(EntityType type, String text) {
    return (Comparison) parse(type, text);
  }

  @Test
  void parses_a_comparison_of_a_property_with_a_number() {
    Comparison result = comparison(OBSERVATION, "result gt 20");
    assertThat(result.operator()).isEqualTo(ComparisonOperator.GT);
    assertThat(result.left()).hasToString("result");
    assertThat(result.right()).isEqualTo(new NumberLiteral(new BigDecimal("20"), true));
  }

  @Test
  void parses_every_kind_of_literal() {
    assertThat(comparison(THING, "name eq 'O''Brien'").right())
        .isEqualTo(new TextLiteral("O'Brien"));
    assertThat(comparison(OBSERVATION, "result eq -1.5e2").right())
        .isEqualTo(new NumberLiteral(new BigDecimal("-1.5e2"), false));
    assertThat(comparison(OBSERVATION, "result eq true").right())
        .isEqualTo(new BooleanLiteral(true));
    assertThat(comparison(OBSERVATION, "resultTime eq null").right()).isEqualTo(new NullLiteral());
    assertThat(comparison(OBSERVATION, "phenomenonTime ge 2026-01-01T10:00:00.5+02:00").right())
        .isEqualTo(new DateTimeLiteral(OffsetDateTime.parse("2026-01-01T10:00:00.5+02:00")));
    assertThat(comparison(OBSERVATION, "date(phenomenonTime) eq 2026-03-01").right())
        .isEqualTo(new DateLiteral(LocalDate.parse("2026-03-01")));
    assertThat(comparison(OBSERVATION, "time(phenomenonTime) lt 12:30:00").right())
        .isEqualTo(new TimeOfDayLiteral(LocalTime.parse("12:30")));
    assertThat(comparison(OBSERVATION, "parameters/window eq duration'PT1H'").right())
        .isEqualTo(new DurationLiteral(Duration.ofHours(1)));
    FunctionCall within =
        (FunctionCall)
            parse(EntityType.LOCATION, "st_within(location, geography'POINT(7.5 51.9)')");
    assertThat(within.arguments().get(1)).isEqualTo(new GeometryLiteral(true, "POINT(7.5 51.9)"));
  }

  @Test
  void and_binds_tighter_than_or_and_mul_tighter_than_add() {
    Logical or = (Logical) parse(OBSERVATION, "result eq 1 or result eq 2 and result eq 3");
    assertThat(or.operator()).isEqualTo(LogicalOperator.OR);
    assertThat(((Logical) or.right()).operator()).isEqualTo(LogicalOperator.AND);

    Comparison sum = comparison(OBSERVATION, "result add 2 mul 3 eq 7");
    Arithmetic add = (Arithmetic) sum.left();
    assertThat(add.operator()).isEqualTo(ArithmeticOperator.ADD);
    assertThat(((Arithmetic) add.right()).operator()).isEqualTo(ArithmeticOperator.MUL);
  }

  @Test
  void parentheses_override_precedence() {
    Logical and = (Logical) parse(OBSERVATION, "(result eq 1 or result eq 2) and result eq 3");
    assertThat(and.operator()).isEqualTo(LogicalOperator.AND);
    Comparison product = comparison(OBSERVATION, "(result add 2) mul 3 eq 7");
    assertThat(((Arithmetic) product.left()).operator()).isEqualTo(ArithmeticOperator.MUL);
  }

  @Test
  void not_applies_to_the_comparison_after_it() {
    Logical and = (Logical) parse(THING, "not name eq 'a' and description eq 'b'");
    Not not = (Not) and.left();
    assertThat(not.operand()).isInstanceOf(Comparison.class);
    assertThat(parse(OBSERVATION, "-result lt 0"))
        .isInstanceOfSatisfying(
            Comparison.class, c -> assertThat(c.left()).isInstanceOf(Negation.class));
  }

  @Test
  void resolves_navigation_paths_json_members_and_the_id() {
    PropertyPath name =
        (PropertyPath)
            comparison(OBSERVATION, "Datastream/ObservedProperty/name eq 'PM2.5'").left();
    assertThat(name.navigations())
        .extracting(n -> n.name())
        .containsExactly("Datastream", "ObservedProperty");
    assertThat(name.owner()).isEqualTo(EntityType.OBSERVED_PROPERTY);
    assertThat(name.type()).isEqualTo(FilterType.TEXT);

    PropertyPath owner = (PropertyPath) comparison(THING, "properties/owner/name eq 'x'").left();
    assertThat(owner.jsonPath()).containsExactly("owner", "name");
    assertThat(owner.type()).isEqualTo(FilterType.DYNAMIC);

    PropertyPath id = (PropertyPath) comparison(DATASTREAM, "Thing/@iot.id eq 3").left();
    assertThat(id.property()).isEmpty();
    assertThat(((PropertyPath) comparison(DATASTREAM, "id eq 3").left()).property()).isEmpty();
  }

  @Test
  void parses_every_function_with_its_arguments() {
    List<String> filters =
        List.of(
            "substringof('a', name)",
            "endswith(name, 'a')",
            "startswith(name, 'a')",
            "length(name) eq 3",
            "indexof(name, 'a') eq 1",
            "substring(name, 1) eq 'a'",
            "substring(name, 1, 2) eq 'a'",
            "tolower(name) eq 'a'",
            "toupper(name) eq 'A'",
            "trim(name) eq 'a'",
            "concat(name, 'x') eq 'ax'",
            "year(phenomenonTime) eq 2026",
            "month(phenomenonTime) eq 1",
            "day(phenomenonTime) eq 1",
            "hour(phenomenonTime) eq 1",
            "minute(phenomenonTime) eq 1",
            "second(phenomenonTime) eq 1",
            "fractionalseconds(phenomenonTime) eq 0.5",
            "date(phenomenonTime) eq 2026-01-01",
            "time(phenomenonTime) eq 10:00:00",
            "totaloffsetminutes(phenomenonTime) eq 0",
            "phenomenonTime lt now()",
            "mindatetime(phenomenonTime) lt now()",
            "maxdatetime(phenomenonTime) lt now()",
            "round(result) eq 1",
            "floor(result) eq 1",
            "ceiling(result) eq 1",
            "geo.distance(observedArea, geography'POINT(1 2)') lt 10",
            "geo.length(observedArea) lt 10",
            "geo.intersects(observedArea, geography'POINT(1 2)')",
            "st_equals(observedArea, geography'POINT(1 2)')",
            "st_disjoint(observedArea, geography'POINT(1 2)')",
            "st_touches(observedArea, geography'POINT(1 2)')",
            "st_within(observedArea, geography'POINT(1 2)')",
            "st_overlaps(observedArea, geography'POINT(1 2)')",
            "st_crosses(observedArea, geography'POINT(1 2)')",
            "st_intersects(observedArea, geography'POINT(1 2)')",
            "st_contains(observedArea, geography'POINT(1 2)')",
            "st_relate(observedArea, geography'POINT(1 2)', 'T********')");
    for (String filter : filters) {
      EntityType type =
          filter.contains("result") || filter.contains("phenomenonTime") && !filter.contains("Area")
              ? OBSERVATION
              : DATASTREAM;
      assertThat(parse(type, filter)).as(filter).isNotNull();
    }
    assertThat(FilterFunction.values())
        .allSatisfy(
            f -> assertThat(filters).anyMatch(text -> text.contains(f.functionName() + "(")));
  }

  @Test
  void a_syntax_error_names_the_filter_and_the_column() {
    assertThatThrownBy(() -> Filter.parse("result gt 20 and and", OBSERVATION))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).contains("$filter");
              assertThat(e.getMessage()).startsWith("at column 18: expected");
            });
    assertThat(errorOf(OBSERVATION, "result gt")).startsWith("at column 10: expected");
    assertThat(errorOf(OBSERVATION, "(result gt 1")).startsWith("at column 13: expected ')'");
    assertThat(errorOf(THING, "name eq 'open")).startsWith("at column 9: string");
    assertThat(errorOf(OBSERVATION, "result gt 20 20"))
        .startsWith("at column 14: expected an operator");
    assertThat(errorOf(OBSERVATION, "")).startsWith("at column 1:");
    assertThat(errorOf(OBSERVATION, "result # 1")).startsWith("at column 8: unexpected character");
  }

  @Test
  void unknown_properties_navigations_and_functions_are_named() {
    assertThat(errorOf(OBSERVATION, "Datastream/colour eq 'red'"))
        .isEqualTo("at column 12: a Datastream has no property or navigation property 'colour'");
    assertThat(errorOf(THING, "Sensor/name eq 'a'"))
        .contains("a Thing has no property or navigation property 'Sensor'");
    assertThat(errorOf(THING, "frobnicate(name)")).contains("unknown function 'frobnicate'");
    assertThat(errorOf(OBSERVATION, "Datastream eq 1"))
        .contains("Datastream is a navigation property");
    assertThat(errorOf(THING, "name/x eq 1")).contains("name is not a JSON object");
  }

  @Test
  void wrong_types_and_arities_are_refused() {
    assertThat(errorOf(THING, "length(name, name) eq 1"))
        .contains("length takes 1 argument, found 2");
    assertThat(errorOf(THING, "substring(name) eq 'a'"))
        .contains("substring takes 2 or 3 arguments");
    assertThat(errorOf(THING, "length(5) eq 1"))
        .isEqualTo("at column 8: argument 1 of length must be a string, found a number");
    assertThat(errorOf(THING, "name add 1 eq 2")).contains("'add' needs numbers, found a string");
    assertThat(errorOf(THING, "name")).contains("needs a boolean expression");
    assertThat(errorOf(THING, "name eq 1")).contains("cannot compare a string with a number");
    assertThat(errorOf(OBSERVATION, "phenomenonTime eq 2026-13-01T00:00:00Z"))
        .contains("not a valid date-time");
    assertThat(errorOf(OBSERVATION, "parameters/d eq duration'1 hour'"))
        .contains("not an ISO 8601 duration");
    assertThat(errorOf(EntityType.LOCATION, "st_within(location, geography'CIRCLE(1)')"))
        .contains("not a WKT geometry");
  }

  @Test
  void deep_nesting_is_refused_not_overflowing_the_stack() {
    String deep = "(".repeat(10_000) + "result eq 1" + ")".repeat(10_000);
    assertThat(errorOf(OBSERVATION, deep)).contains("nests deeper than");
    assertThat(errorOf(OBSERVATION, "not ".repeat(10_000) + "result eq 1"))
        .contains("nests deeper");
  }

  /** Random token soup: whatever the client sends, the answer is a 400, never a 500. */
  @Test
  void random_token_soup_only_ever_fails_as_invalid_input() {
    List<String> pieces =
        List.of(
            "result",
            "phenomenonTime",
            "Datastream",
            "/",
            "name",
            "properties",
            "x",
            "eq",
            "gt",
            "and",
            "or",
            "not",
            "add",
            "mod",
            "(",
            ")",
            ",",
            "-",
            "'a'",
            "'",
            "''",
            "1",
            "1.5",
            "1e400",
            "2026-01-01T00:00:00Z",
            "2026-99-01",
            "12:00",
            "true",
            "null",
            "length",
            "substring",
            "geo.distance",
            "geography'POINT(1 2)'",
            "duration'P1D'",
            "duration'",
            "@iot.id",
            "#",
            "ä",
            " ");
    Random random = new Random(42);
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(12);
      for (int j = 0; j < length; j++) {
        text.append(pieces.get(random.nextInt(pieces.size())));
        if (random.nextBoolean()) {
          text.append(' ');
        }
      }
      try {
        Filter.parse(text.toString(), OBSERVATION);
        parsed++;
      } catch (InvalidInputException expected) {
        assertThat(expected.getMessage()).as(text.toString()).startsWith("at column ");
      }
    }
    assertThat(parsed).isLessThan(20_000);
  }

  private static String errorOf(EntityType type, String text) {
    try {
      Filter.parse(text, type);
    } catch (InvalidInputException e) {
      assertThat(e.field()).contains("$filter");
      return e.getMessage();
    }
    throw new AssertionError("expected '" + text + "' to be refused");
  }
}
