package org.civitas.sensing.query.filter;

import static org.civitas.sensing.query.filter.FilterType.BOOLEAN;
import static org.civitas.sensing.query.filter.FilterType.DATE;
import static org.civitas.sensing.query.filter.FilterType.DATE_TIME;
import static org.civitas.sensing.query.filter.FilterType.GEOMETRY;
import static org.civitas.sensing.query.filter.FilterType.NUMBER;
import static org.civitas.sensing.query.filter.FilterType.TEXT;
import static org.civitas.sensing.query.filter.FilterType.TIME_OF_DAY;

import java.util.List;
import java.util.Optional;

/**
 * The built-in functions of the {@code $filter} language (OGC 18-088 section 9.3.3.5.2): their
 * names, parameter types and result type.
 */
public enum FilterFunction {
  SUBSTRINGOF("substringof", BOOLEAN, 2, TEXT, TEXT),
  ENDSWITH("endswith", BOOLEAN, 2, TEXT, TEXT),
  STARTSWITH("startswith", BOOLEAN, 2, TEXT, TEXT),
  LENGTH("length", NUMBER, 1, TEXT),
  INDEXOF("indexof", NUMBER, 2, TEXT, TEXT),
  /** {@code substring(text, start)} or {@code substring(text, start, length)}, zero-based. */
  SUBSTRING("substring", TEXT, 2, TEXT, NUMBER, NUMBER),
  TOLOWER("tolower", TEXT, 1, TEXT),
  TOUPPER("toupper", TEXT, 1, TEXT),
  TRIM("trim", TEXT, 1, TEXT),
  CONCAT("concat", TEXT, 2, TEXT, TEXT),

  YEAR("year", NUMBER, 1, DATE_TIME),
  MONTH("month", NUMBER, 1, DATE_TIME),
  DAY("day", NUMBER, 1, DATE_TIME),
  HOUR("hour", NUMBER, 1, DATE_TIME),
  MINUTE("minute", NUMBER, 1, DATE_TIME),
  SECOND("second", NUMBER, 1, DATE_TIME),
  FRACTIONALSECONDS("fractionalseconds", NUMBER, 1, DATE_TIME),
  DATE_OF("date", DATE, 1, DATE_TIME),
  TIME_OF("time", TIME_OF_DAY, 1, DATE_TIME),
  TOTALOFFSETMINUTES("totaloffsetminutes", NUMBER, 1, DATE_TIME),
  NOW("now", DATE_TIME, 0),
  MINDATETIME("mindatetime", DATE_TIME, 1, DATE_TIME),
  MAXDATETIME("maxdatetime", DATE_TIME, 1, DATE_TIME),

  ROUND("round", NUMBER, 1, NUMBER),
  FLOOR("floor", NUMBER, 1, NUMBER),
  CEILING("ceiling", NUMBER, 1, NUMBER),

  GEO_DISTANCE("geo.distance", NUMBER, 2, GEOMETRY, GEOMETRY),
  GEO_LENGTH("geo.length", NUMBER, 1, GEOMETRY),
  GEO_INTERSECTS("geo.intersects", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_EQUALS("st_equals", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_DISJOINT("st_disjoint", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_TOUCHES("st_touches", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_WITHIN("st_within", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_OVERLAPS("st_overlaps", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_CROSSES("st_crosses", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_INTERSECTS("st_intersects", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_CONTAINS("st_contains", BOOLEAN, 2, GEOMETRY, GEOMETRY),
  ST_RELATE("st_relate", BOOLEAN, 3, GEOMETRY, GEOMETRY, TEXT);

  private final String name;
  private final FilterType result;
  private final int required;
  private final List<FilterType> parameters;

  FilterFunction(String name, FilterType result, int required, FilterType... parameters) {
    this.name = name;
    this.result = result;
    this.required = required;
    this.parameters = List.of(parameters);
  }

  /** The name as written in a filter, e.g. {@code geo.distance}. */
  public String functionName() {
    return name;
  }

  public FilterType result() {
    return result;
  }

  /** The types of the parameters; the last ones may be optional ({@link #minArguments()}). */
  public List<FilterType> parameters() {
    return parameters;
  }

  public int minArguments() {
    return required;
  }

  /** The function with this name as written in a filter. */
  public static Optional<FilterFunction> named(String name) {
    for (FilterFunction function : values()) {
      if (function.name.equals(name)) {
        return Optional.of(function);
      }
    }
    return Optional.empty();
  }
}
