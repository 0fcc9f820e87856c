package org.civitas.storage;

import static org.civitas.storage.SqlFragment.bound;
import static org.civitas.storage.SqlFragment.of;
import static org.civitas.storage.SqlFragment.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.Property;
import org.civitas.sensing.model.ValueKind;
import org.civitas.sensing.query.filter.Filter;
import org.civitas.sensing.query.filter.FilterExpression;
import org.civitas.sensing.query.filter.FilterExpression.Arithmetic;
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
import org.civitas.sensing.query.filter.FilterFunction;
import org.civitas.sensing.query.filter.FilterType;
import org.civitas.storage.SensingSchema.Link;
import org.civitas.storage.SensingSchema.PropertyColumns;
import org.civitas.storage.SensingSchema.Table;

/**
 * Translates a {@link Filter} into a SQL condition over the queried table (alias {@code e}), for
 * both engines. Every value is a bound parameter. A condition that reaches other entities through
 * navigation properties becomes {@code EXISTS (SELECT 1 FROM ... WHERE joins AND condition)}, so a
 * to-many navigation ({@code Observations/result gt 5} on Datastreams) means "any of them", and a
 * to-one navigation means "its". Tables and columns come from {@link SensingSchema} only.
 *
 * <p>Times: a time that may be an interval has a start and an end (an instant: both the same).
 * {@code gt}/{@code ge} compare its start with the other's end, {@code lt}/{@code le} its end with
 * the other's start, {@code eq} both bounds: "after", "before" and "the same time". A JSON value
 * (in {@code properties}, {@code parameters}, a non-numeric {@code result}) is compared as a number
 * with a number and as text with anything else.
 *
 * <p>Functions whose SQL differs between the engines are either in {@link Dialect} or, when they
 * need code (reading JSON text, geometry), SQL functions of one name on both engines, created by
 * the migrations {@code V2__filter_functions} and {@code V3__geo_functions}.
 */
final class FilterSql {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What an expression yields in SQL. */
  private sealed interface Value {

    /** One SQL value of a known type. */
    record Scalar(FilterType type, SqlFragment sql) implements Value {}

    /** A time: start and end (the same fragment for an instant); {@code iso} for literals. */
    record Time(SqlFragment start, SqlFragment end, SqlFragment iso) implements Value {}

    /** A JSON value: as text, as a number (null when it is none), and whether it is missing. */
    record Dynamic(SqlFragment text, SqlFragment number, SqlFragment isNull) implements Value {}

    /** A geometry as text: GeoJSON from a column or WKT from a literal. */
    record Geometry(SqlFragment text) implements Value {}
  }

  private final Dialect dialect;
  private final Deque<Joins> scopes = new ArrayDeque<>();
  private int aliasCount;

  private FilterSql(Dialect dialect) {
    this.dialect = dialect;
  }

  /** The condition of {@code filter} over alias {@code e}, to go after WHERE or AND. */
  static SqlFragment condition(Dialect dialect, Filter filter) {
    return new FilterSql(dialect).predicate(filter.expression());
  }

  /**
   * The stream column ({@code datastream_id}, {@code multi_datastream_id}) that an Observation
   * filter fixes to one value with a top-level {@code Datastream/id eq 7}, if it does: the query
   * can then read that stream's (stream, time, id) index in order, as for {@code
   * Datastreams(7)/Observations}.
   */
  static Optional<String> pinnedStream(Filter filter) {
    return pinned(filter.expression());
  }

  private static Optional<String> pinned(FilterExpression expression) {
    return switch (expression) {
      case Logical logical when logical.operator() == LogicalOperator.AND ->
          pinned(logical.left()).or(() -> pinned(logical.right()));
      case Comparison comparison when comparison.operator() == ComparisonOperator.EQ ->
          streamId(comparison.left(), comparison.right())
              .or(() -> streamId(comparison.right(), comparison.left()));
      default -> Optional.empty();
    };
  }

  private static Optional<String> streamId(FilterExpression path, FilterExpression value) {
    if (path instanceof PropertyPath property
        && property.root() == EntityType.OBSERVATION
        && property.property().isEmpty()
        && property.navigations().size() == 1
        && value instanceof NumberLiteral number
        && number.integer()) {
      Navigation navigation = property.navigations().getFirst();
      if (SensingSchema.table(EntityType.OBSERVATION).link(navigation)
          instanceof Link.OwnColumn own) {
        return SensingSchema.observationTimeIndex(own.column()).map(index -> own.column());
      }
    }
    return Optional.empty();
  }

  // ----------------------------------------------------------------------------- conditions

  private SqlFragment predicate(FilterExpression expression) {
    return switch (expression) {
      case Logical logical ->
          of(
              "(",
              predicate(logical.left()),
              logical.operator() == LogicalOperator.AND ? " AND " : " OR ",
              predicate(logical.right()),
              ")");
      case Not not -> of("(NOT ", predicate(not.operand()), ")");
      default -> inJoinScope(() -> asBoolean(value(expression)));
    };
  }

  /**
   * Translates one condition; the entities its property paths reach are joined in an EXISTS around
   * it.
   */
  private SqlFragment inJoinScope(Supplier<SqlFragment> condition) {
    Joins joins = new Joins();
    scopes.push(joins);
    SqlFragment sql;
    try {
      sql = condition.get();
    } finally {
      scopes.pop();
    }
    if (joins.from.isEmpty()) {
      return sql;
    }
    return of(
        "EXISTS (SELECT 1 FROM ",
        String.join(", ", joins.from),
        " WHERE ",
        String.join(" AND ", joins.where),
        " AND ",
        sql,
        ")");
  }

  /** The tables one condition joins, each navigation path once, with fresh aliases. */
  private final class Joins {
    private final Map<List<Navigation>, String> aliases = new HashMap<>();
    private final List<String> from = new ArrayList<>();
    private final List<String> where = new ArrayList<>();

    String alias(List<Navigation> path) {
      if (path.isEmpty()) {
        return "e";
      }
      String known = aliases.get(path);
      if (known != null) {
        return known;
      }
      String parent = alias(path.subList(0, path.size() - 1));
      Navigation navigation = path.getLast();
      Table target = SensingSchema.table(navigation.target());
      String child = "f" + ++aliasCount;
      switch (SensingSchema.table(navigation.owner()).link(navigation)) {
        case Link.OwnColumn own -> {
          from.add(target.name() + " " + child);
          where.add(child + ".id = " + parent + "." + own.column());
        }
        case Link.TargetColumn back -> {
          from.add(target.name() + " " + child);
          where.add(child + "." + back.column() + " = " + parent + ".id");
        }
        case Link.LinkTable pairs -> {
          String pair = "f" + ++aliasCount;
          from.add(pairs.table() + " " + pair);
          from.add(target.name() + " " + child);
          where.add(pair + "." + pairs.ownerColumn() + " = " + parent + ".id");
          where.add(pair + "." + pairs.targetColumn() + " = " + child + ".id");
        }
      }
      aliases.put(List.copyOf(path), child);
      return child;
    }
  }

  // ----------------------------------------------------------------------------- values

  private Value value(FilterExpression expression) {
    return switch (expression) {
      case TextLiteral text -> new Value.Scalar(FilterType.TEXT, bound(text.value(), "VARCHAR"));
      case NumberLiteral number ->
          number.integer()
              ? new Value.Scalar(
                  FilterType.NUMBER, bound(number.value().longValueExact(), "BIGINT"))
              : new Value.Scalar(
                  FilterType.NUMBER, bound(number.value().doubleValue(), "DOUBLE PRECISION"));
      case BooleanLiteral bool ->
          new Value.Scalar(FilterType.BOOLEAN, text(bool.value() ? "TRUE" : "FALSE"));
      case NullLiteral ignored -> new Value.Scalar(FilterType.NULL, text("NULL"));
      case DateTimeLiteral time -> instant(time.value());
      case DateLiteral date -> new Value.Scalar(FilterType.DATE, bound(date.value(), "DATE"));
      case TimeOfDayLiteral time ->
          new Value.Scalar(FilterType.TIME_OF_DAY, bound(time.value(), "TIME"));
      case DurationLiteral duration ->
          new Value.Scalar(FilterType.DURATION, bound(duration.value().toString(), "VARCHAR"));
      case GeometryLiteral geometry -> geometry(geometry);
      case PropertyPath path -> property(path);
      case Comparison comparison ->
          new Value.Scalar(
              FilterType.BOOLEAN,
              compare(comparison.operator(), value(comparison.left()), value(comparison.right())));
      case Logical logical -> new Value.Scalar(FilterType.BOOLEAN, predicate(logical));
      case Not not -> new Value.Scalar(FilterType.BOOLEAN, predicate(not));
      case Arithmetic arithmetic -> arithmetic(arithmetic);
      case Negation negation ->
          new Value.Scalar(FilterType.NUMBER, of("(-", asNumber(value(negation.operand())), ")"));
      case FunctionCall call -> call(call);
    };
  }

  private static Value.Time instant(OffsetDateTime at) {
    SqlFragment sql = bound(at, "TIMESTAMP WITH TIME ZONE");
    return new Value.Time(sql, sql, bound(at.toInstant().toString(), "VARCHAR"));
  }

  private Value property(PropertyPath path) {
    Joins joins = scopes.getFirst();
    List<Navigation> navigations = path.navigations();
    if (path.property().isEmpty()) {
      if (!navigations.isEmpty()) {
        // Datastream/id on an Observation is its own datastream_id: no join needed.
        Navigation last = navigations.getLast();
        if (SensingSchema.table(last.owner()).link(last) instanceof Link.OwnColumn own) {
          String owner = joins.alias(navigations.subList(0, navigations.size() - 1));
          return new Value.Scalar(FilterType.NUMBER, text(owner + "." + own.column()));
        }
      }
      return new Value.Scalar(FilterType.NUMBER, text(joins.alias(navigations) + ".id"));
    }
    Property property = path.property().get();
    String alias = joins.alias(navigations);
    PropertyColumns stored =
        SensingSchema.table(path.owner())
            .property(property.name())
            .orElseThrow(() -> new IllegalStateException("no columns for " + path));
    List<String> columns = stored.columns().stream().map(c -> alias + "." + c).toList();
    return switch (stored.codec()) {
      case TEXT -> new Value.Scalar(FilterType.TEXT, text(columns.getFirst()));
      case JSON ->
          property.kind() == ValueKind.GEOMETRY
              ? new Value.Geometry(text(columns.getFirst()))
              : json(columns.getFirst(), path.jsonPath());
      case INSTANT -> {
        SqlFragment at = text(columns.getFirst());
        yield new Value.Time(at, at, null);
      }
      case INTERVAL -> new Value.Time(text(columns.get(0)), text(columns.get(1)), null);
      case TIME ->
          // An Observation's phenomenonTime: an instant keeps a null end.
          new Value.Time(
              text(columns.get(0)),
              text("COALESCE(" + columns.get(1) + ", " + columns.get(0) + ")"),
              null);
      case RESULT -> {
        if (!path.jsonPath().isEmpty()) {
          yield json(columns.get(1), path.jsonPath());
        }
        String number = columns.get(0);
        String json = columns.get(1);
        // A numeric result compared with a text literal is compared as its decimal text (result
        // eq '2' finds 2), as SensorThings servers and the OGC test suite do; whole numbers are
        // written without a fraction, as the API writes them.
        String numberText =
            "CASE WHEN "
                + number
                + " = FLOOR("
                + number
                + ") AND ABS("
                + number
                + ") < 1E15 THEN CAST(CAST("
                + number
                + " AS BIGINT) AS VARCHAR) ELSE CAST("
                + number
                + " AS VARCHAR) END";
        yield new Value.Dynamic(
            of("COALESCE(civitas_json_text(", json, ", '[]'), " + numberText + ")"),
            text(number),
            text("(" + number + " IS NULL AND " + json + " IS NULL)"));
      }
    };
  }

  /**
   * A WKT literal, checked here so that a malformed one is the client's error, not the engine's.
   */
  private static Value geometry(GeometryLiteral literal) {
    try {
      EmbeddedGeoFunctions.wkt(literal.wkt());
    } catch (org.locationtech.jts.io.ParseException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "'" + literal.wkt() + "' is not a valid WKT geometry: " + e.getMessage(), Filter.OPTION);
    }
    return new Value.Geometry(bound(literal.wkt(), "VARCHAR"));
  }

  /** The value at {@code members} inside a JSON text column. */
  private static Value.Dynamic json(String column, List<String> members) {
    String path;
    try {
      path = JSON.writeValueAsString(members);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("member names always serialise", e);
    }
    SqlFragment text = of("civitas_json_text(", column, ", ", bound(path, "VARCHAR"), ")");
    SqlFragment number = of("civitas_json_number(", column, ", ", bound(path, "VARCHAR"), ")");
    return new Value.Dynamic(text, number, of(text, " IS NULL"));
  }

  // ----------------------------------------------------------------------------- comparisons

  private SqlFragment compare(ComparisonOperator operator, Value left, Value right) {
    boolean leftNull = left instanceof Value.Scalar s && s.type() == FilterType.NULL;
    boolean rightNull = right instanceof Value.Scalar s && s.type() == FilterType.NULL;
    if (leftNull || rightNull) {
      if (leftNull && rightNull) {
        return text(operator == ComparisonOperator.EQ ? "TRUE" : "FALSE");
      }
      SqlFragment isNull = isNull(leftNull ? right : left);
      return switch (operator) {
        case EQ -> isNull;
        case NE -> of("(NOT ", isNull, ")");
        // OData: an order comparison with null is false.
        default -> text("FALSE");
      };
    }
    if (left instanceof Value.Time l && right instanceof Value.Time r) {
      return compareTimes(operator, l, r);
    }
    if (left instanceof Value.Dynamic || right instanceof Value.Dynamic) {
      return compareDynamic(operator, left, right);
    }
    if (left instanceof Value.Scalar l
        && right instanceof Value.Scalar r
        && (l.type() == r.type())) {
      return binary(operator, l.sql(), r.sql());
    }
    throw new InvalidInputException(
        "cannot compare " + describe(left) + " with " + describe(right), Filter.OPTION);
  }

  private SqlFragment compareDynamic(ComparisonOperator operator, Value left, Value right) {
    Value other = left instanceof Value.Dynamic ? right : left;
    boolean numeric = other instanceof Value.Scalar s && s.type() == FilterType.NUMBER;
    SqlFragment a = numeric ? asNumber(left) : jsonComparable(left);
    SqlFragment b = numeric ? asNumber(right) : jsonComparable(right);
    return binary(operator, a, b);
  }

  /** A value as the text a JSON value is compared with. */
  private SqlFragment jsonComparable(Value value) {
    return switch (value) {
      case Value.Dynamic dynamic -> dynamic.text();
      case Value.Time time -> {
        if (time.iso() == null) {
          throw new InvalidInputException(
              "a JSON value can be compared with a date-time literal, not with a time property",
              Filter.OPTION);
        }
        yield time.iso();
      }
      case Value.Geometry ignored ->
          throw new InvalidInputException(
              "a geometry cannot be compared; use the geo functions", Filter.OPTION);
      case Value.Scalar scalar ->
          switch (scalar.type()) {
            case TEXT -> scalar.sql();
            case BOOLEAN ->
                of(
                    "(CASE WHEN ",
                    scalar.sql(),
                    " THEN 'true' WHEN NOT ",
                    scalar.sql(),
                    " THEN 'false' END)");
            case DATE, TIME_OF_DAY, DURATION -> of("CAST(", scalar.sql(), " AS VARCHAR)");
            default ->
                throw new InvalidInputException(
                    "cannot compare a JSON value with " + describe(value), Filter.OPTION);
          };
    };
  }

  private SqlFragment compareTimes(ComparisonOperator operator, Value.Time l, Value.Time r) {
    boolean leftInstant = l.start().equals(l.end());
    boolean rightInstant = r.start().equals(r.end());
    return switch (operator) {
      // "After": this starts after the other ends. The second term is implied by the first (an
      // end is never before its start); it lets an index on the start column serve the filter.
      case GT ->
          rightInstant
              ? binary(operator, l.start(), r.end())
              : of(
                  "(",
                  binary(operator, l.start(), r.end()),
                  " AND ",
                  binary(operator, l.start(), r.start()),
                  ")");
      case GE ->
          rightInstant
              ? binary(operator, l.start(), r.end())
              : of(
                  "(",
                  binary(operator, l.start(), r.end()),
                  " AND ",
                  binary(operator, l.start(), r.start()),
                  ")");
      case LT, LE ->
          leftInstant
              ? binary(operator, l.end(), r.start())
              : of(
                  "(",
                  binary(operator, l.end(), r.start()),
                  " AND ",
                  binary(operator, l.start(), r.start()),
                  ")");
      case EQ ->
          leftInstant && rightInstant
              ? binary(operator, l.start(), r.start())
              : of(
                  "(",
                  binary(operator, l.start(), r.start()),
                  " AND ",
                  binary(operator, l.end(), r.end()),
                  ")");
      case NE ->
          leftInstant && rightInstant
              ? binary(operator, l.start(), r.start())
              : of(
                  "(",
                  binary(operator, l.start(), r.start()),
                  " OR ",
                  binary(operator, l.end(), r.end()),
                  ")");
    };
  }

  private static SqlFragment binary(ComparisonOperator operator, SqlFragment a, SqlFragment b) {
    String sql =
        switch (operator) {
          case EQ -> " = ";
          // A missing value is not equal to anything, as OData has it: null ne 'a' is true.
          case NE -> " IS DISTINCT FROM ";
          case GT -> " > ";
          case GE -> " >= ";
          case LT -> " < ";
          case LE -> " <= ";
        };
    return of("(", a, sql, b, ")");
  }

  private static SqlFragment isNull(Value value) {
    return switch (value) {
      case Value.Scalar scalar -> of("(", scalar.sql(), " IS NULL)");
      case Value.Time time -> of("(", time.start(), " IS NULL)");
      case Value.Dynamic dynamic -> dynamic.isNull();
      case Value.Geometry geometry -> of("(", geometry.text(), " IS NULL)");
    };
  }

  // ----------------------------------------------------------------------------- arithmetic

  private Value arithmetic(Arithmetic arithmetic) {
    SqlFragment a = asNumber(value(arithmetic.left()));
    SqlFragment b = asNumber(value(arithmetic.right()));
    SqlFragment sql =
        switch (arithmetic.operator()) {
          case ADD -> of("(", a, " + ", b, ")");
          case SUB -> of("(", a, " - ", b, ")");
          case MUL -> of("(", a, " * ", b, ")");
          case DIV -> of("(", a, " / ", b, ")");
          case MOD -> dialect.modulo(a, b);
        };
    return new Value.Scalar(FilterType.NUMBER, sql);
  }

  // ----------------------------------------------------------------------------- functions

  private Value call(FunctionCall call) {
    FilterFunction function = call.function();
    List<Value> arguments = call.arguments().stream().map(this::value).toList();
    return switch (function) {
      case SUBSTRINGOF ->
          bool(
              of(
                  "(POSITION(",
                  asText(arguments.get(0)),
                  " IN ",
                  asText(arguments.get(1)),
                  ") > 0)"));
      case STARTSWITH -> {
        SqlFragment prefix = asText(arguments.get(1));
        yield bool(
            of("(LEFT(", asText(arguments.get(0)), ", CHAR_LENGTH(", prefix, ")) = ", prefix, ")"));
      }
      case ENDSWITH -> {
        SqlFragment suffix = asText(arguments.get(1));
        yield bool(
            of(
                "(RIGHT(",
                asText(arguments.get(0)),
                ", CHAR_LENGTH(",
                suffix,
                ")) = ",
                suffix,
                ")"));
      }
      case LENGTH -> number(of("CHAR_LENGTH(", asText(arguments.get(0)), ")"));
      case INDEXOF ->
          number(
              of(
                  "(POSITION(",
                  asText(arguments.get(1)),
                  " IN ",
                  asText(arguments.get(0)),
                  ") - 1)"));
      case SUBSTRING -> {
        // OData counts from 0, SQL from 1.
        SqlFragment start = of("CAST(", asNumber(arguments.get(1)), " AS INTEGER) + 1");
        yield arguments.size() == 2
            ? textValue(of("SUBSTRING(", asText(arguments.get(0)), " FROM ", start, ")"))
            : textValue(
                of(
                    "SUBSTRING(",
                    asText(arguments.get(0)),
                    " FROM ",
                    start,
                    " FOR CAST(",
                    asNumber(arguments.get(2)),
                    " AS INTEGER))"));
      }
      case TOLOWER -> textValue(of("LOWER(", asText(arguments.get(0)), ")"));
      case TOUPPER -> textValue(of("UPPER(", asText(arguments.get(0)), ")"));
      case TRIM -> textValue(of("TRIM(", asText(arguments.get(0)), ")"));
      case CONCAT ->
          textValue(of("CONCAT(", asText(arguments.get(0)), ", ", asText(arguments.get(1)), ")"));
      case YEAR -> number(extract("YEAR", arguments.get(0)));
      case MONTH -> number(extract("MONTH", arguments.get(0)));
      case DAY -> number(extract("DAY", arguments.get(0)));
      case HOUR -> number(extract("HOUR", arguments.get(0)));
      case MINUTE -> number(extract("MINUTE", arguments.get(0)));
      case SECOND -> number(of("FLOOR(", extract("SECOND", arguments.get(0)), ")"));
      case FRACTIONALSECONDS -> number(dialect.fractionalSeconds(utc(arguments.get(0))));
      case DATE_OF ->
          new Value.Scalar(FilterType.DATE, of("CAST(", utc(arguments.get(0)), " AS DATE)"));
      case TIME_OF ->
          new Value.Scalar(FilterType.TIME_OF_DAY, of("CAST(", utc(arguments.get(0)), " AS TIME)"));
      case TOTALOFFSETMINUTES -> totalOffsetMinutes(call.arguments().get(0), arguments.get(0));
      case NOW -> {
        SqlFragment now = text("CURRENT_TIMESTAMP");
        yield new Value.Time(now, now, null);
      }
      case MINDATETIME -> {
        SqlFragment start = timeOf(arguments.get(0)).start();
        yield new Value.Time(start, start, null);
      }
      case MAXDATETIME -> {
        SqlFragment end = timeOf(arguments.get(0)).end();
        yield new Value.Time(end, end, null);
      }
      case ROUND -> number(dialect.round(asNumber(arguments.get(0))));
      case FLOOR -> number(of("FLOOR(", asNumber(arguments.get(0)), ")"));
      case CEILING -> number(of("CEILING(", asNumber(arguments.get(0)), ")"));
      // Geometry functions of the same names exist on both engines (migration V3): JTS on H2,
      // PostGIS on PostgreSQL.
      case GEO_DISTANCE -> number(geo("civitas_geo_distance", arguments));
      case GEO_LENGTH -> number(geo("civitas_geo_length", arguments));
      case GEO_INTERSECTS, ST_INTERSECTS -> bool(geo("civitas_st_intersects", arguments));
      case ST_EQUALS -> bool(geo("civitas_st_equals", arguments));
      case ST_DISJOINT -> bool(geo("civitas_st_disjoint", arguments));
      case ST_TOUCHES -> bool(geo("civitas_st_touches", arguments));
      case ST_WITHIN -> bool(geo("civitas_st_within", arguments));
      case ST_OVERLAPS -> bool(geo("civitas_st_overlaps", arguments));
      case ST_CROSSES -> bool(geo("civitas_st_crosses", arguments));
      case ST_CONTAINS -> bool(geo("civitas_st_contains", arguments));
      case ST_RELATE ->
          bool(
              of(
                  "civitas_st_relate(",
                  asGeometry(arguments.get(0)),
                  ", ",
                  asGeometry(arguments.get(1)),
                  ", ",
                  asText(arguments.get(2)),
                  ")"));
    };
  }

  private static SqlFragment geo(String function, List<Value> arguments) {
    List<Object> parts = new ArrayList<>();
    parts.add(function + "(");
    for (int i = 0; i < arguments.size(); i++) {
      parts.add(i == 0 ? "" : ", ");
      parts.add(asGeometry(arguments.get(i)));
    }
    parts.add(")");
    return of(parts.toArray());
  }

  /** A geometry's text; a JSON member may hold a GeoJSON geometry too. */
  private static SqlFragment asGeometry(Value value) {
    return switch (value) {
      case Value.Geometry geometry -> geometry.text();
      case Value.Dynamic dynamic -> dynamic.text();
      case Value.Scalar scalar when scalar.type() == FilterType.NULL ->
          text("CAST(NULL AS VARCHAR)");
      default ->
          throw new InvalidInputException(
              "expected a geometry, found " + describe(value), Filter.OPTION);
    };
  }

  /** Stored times are UTC, so their offset is 0; a literal keeps the offset it was written with. */
  private Value totalOffsetMinutes(FilterExpression argument, Value value) {
    if (argument instanceof DateTimeLiteral literal) {
      long minutes = literal.value().getOffset().getTotalSeconds() / 60;
      return number(bound(minutes, "BIGINT"));
    }
    return number(of("(CASE WHEN ", timeOf(value).start(), " IS NULL THEN NULL ELSE 0 END)"));
  }

  private static SqlFragment extract(String field, Value value) {
    return of("EXTRACT(", field, " FROM ", utc(value), ")");
  }

  /** A time read in UTC: date parts then do not depend on the session's time zone. */
  private static SqlFragment utc(Value value) {
    if (value instanceof Value.Scalar scalar && scalar.type() == FilterType.DATE) {
      return scalar.sql();
    }
    return of("(", timeOf(value).start(), " AT TIME ZONE 'UTC')");
  }

  private static Value.Time timeOf(Value value) {
    if (value instanceof Value.Time time) {
      return time;
    }
    throw new InvalidInputException(
        "expected a date-time, found " + describe(value), Filter.OPTION);
  }

  // ----------------------------------------------------------------------------- conversions

  private static SqlFragment asBoolean(Value value) {
    return switch (value) {
      case Value.Scalar scalar when scalar.type() == FilterType.BOOLEAN -> scalar.sql();
      case Value.Dynamic dynamic -> of("(", dynamic.text(), " = 'true')");
      default ->
          throw new InvalidInputException(
              "expected a boolean expression, found " + describe(value), Filter.OPTION);
    };
  }

  private static SqlFragment asText(Value value) {
    return switch (value) {
      case Value.Scalar scalar when scalar.type() == FilterType.TEXT -> scalar.sql();
      case Value.Scalar scalar when scalar.type() == FilterType.NULL ->
          text("CAST(NULL AS VARCHAR)");
      case Value.Dynamic dynamic -> dynamic.text();
      default ->
          throw new InvalidInputException(
              "expected a string, found " + describe(value), Filter.OPTION);
    };
  }

  private static SqlFragment asNumber(Value value) {
    return switch (value) {
      case Value.Scalar scalar when scalar.type() == FilterType.NUMBER -> scalar.sql();
      case Value.Scalar scalar when scalar.type() == FilterType.NULL ->
          text("CAST(NULL AS DOUBLE PRECISION)");
      case Value.Dynamic dynamic -> dynamic.number();
      default ->
          throw new InvalidInputException(
              "expected a number, found " + describe(value), Filter.OPTION);
    };
  }

  private static Value bool(SqlFragment sql) {
    return new Value.Scalar(FilterType.BOOLEAN, sql);
  }

  private static Value number(SqlFragment sql) {
    return new Value.Scalar(FilterType.NUMBER, sql);
  }

  private static Value textValue(SqlFragment sql) {
    return new Value.Scalar(FilterType.TEXT, sql);
  }

  private static String describe(Value value) {
    return switch (value) {
      case Value.Scalar scalar -> scalar.type().name().toLowerCase().replace('_', ' ');
      case Value.Time ignored -> "a date-time";
      case Value.Dynamic ignored -> "a JSON value";
      case Value.Geometry ignored -> "a geometry";
    };
  }
}
