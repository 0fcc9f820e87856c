package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civitas.sensing.model.EntityType.DATASTREAM;
import static org.civitas.sensing.model.EntityType.OBSERVATION;
import static org.civitas.sensing.model.EntityType.THING;
import static org.civitas.storage.SensingFixtures.draft;
import static org.civitas.storage.SensingFixtures.graph;
import static org.civitas.storage.SensingFixtures.nav;
import static org.civitas.storage.SensingFixtures.observation;
import static org.civitas.storage.SensingFixtures.values;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.OrderBy;
import org.civitas.sensing.query.Scope;
import org.civitas.sensing.query.filter.Filter;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.SensingFixtures.Graph;
import org.civitas.timeseries.NewObservation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code $filter} evaluated by the database, once per engine: every operator and function family,
 * navigation paths, JSON members, times and nulls, with the same answers on both engines. One data
 * set, built once, serves all tests; none of them writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterStoreContract {

  protected SensingStore store;
  private Graph filter;
  private Graph other;
  private long nord;
  private long o1;
  private long o2;
  private long o3;
  private long o4;
  private long o5;
  private long o6;
  private long square;
  private long line;
  private long far;
  private long feature;

  protected abstract StorageSettings settings();

  protected void afterStoreClosed() {}

  /** A connection of its own to this class's database, for EXPLAIN; the test closes it. */
  protected abstract java.sql.Connection connectDirectly() throws java.sql.SQLException;

  /** Asserts that a plan reads the observations of one Datastream through its time index. */
  protected abstract void assertUsesStreamTimeIndex(String plan);

  @BeforeAll
  void openStoreWithData() {
    store = Storage.open(settings());
    filter = graph(store, "filter");
    other = graph(store, "other");
    store.inTransaction(
        tx -> {
          nord =
              tx.create(
                  draft(
                      THING,
                      values(
                          "name",
                          "Nord tower",
                          "description",
                          "a tall one",
                          "properties",
                          new Json(
                              "{\"district\":\"Nord\",\"floors\":3,\"owner\":{\"name\":\"City\"}}")),
                      Map.of()));
          o1 =
              create(
                  tx,
                  filter,
                  at("2026-03-01T00:00:00Z"),
                  "10",
                  "{\"quality\":\"good\",\"level\":3}");
          o2 =
              create(
                  tx,
                  filter,
                  at("2026-03-01T01:00:00.250Z"),
                  "20.5",
                  "{\"quality\":\"bad\",\"level\":10}");
          o3 = create(tx, filter, at("2026-03-01T02:00:00Z"), "30", null);
          o4 =
              create(
                  tx,
                  filter,
                  new TimeValue.Interval(
                      Instant.parse("2026-03-01T03:00:00Z"), Instant.parse("2026-03-01T04:00:00Z")),
                  "\"high\"",
                  null);
          o5 = create(tx, filter, at("2026-03-02T12:34:56Z"), "true", null);
          o6 = create(tx, other, at("2026-03-01T00:00:00Z"), "99", null);
          square =
              location(
                  tx,
                  "geo square",
                  "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0]]]}");
          line =
              location(tx, "geo line", "{\"type\":\"LineString\",\"coordinates\":[[-5,5],[5,5]]}");
          far = location(tx, "geo far", "{\"type\":\"Point\",\"coordinates\":[20,20]}");
          feature =
              location(
                  tx,
                  "geo feature",
                  "{\"type\":\"Feature\",\"properties\":{},"
                      + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,1]}}");
          return null;
        });
  }

  @AfterAll
  void closeStore() {
    if (store != null) {
      store.close();
    }
    afterStoreClosed();
  }

  private static long location(
      org.civitas.sensing.store.SensingTransaction tx, String name, String geoJson) {
    return tx.create(
        draft(
            EntityType.LOCATION,
            values(
                "name",
                name,
                "description",
                "a shape",
                "encodingType",
                "application/geo+json",
                "location",
                new Json(geoJson)),
            Map.of()));
  }

  private static TimeValue at(String instant) {
    return new TimeValue.Instant(Instant.parse(instant));
  }

  private static long create(
      org.civitas.sensing.store.SensingTransaction tx,
      Graph graph,
      TimeValue time,
      String result,
      String parameters) {
    return tx.create(
        draft(
            OBSERVATION,
            values(
                "phenomenonTime",
                time,
                "result",
                new Json(result),
                "parameters",
                parameters == null ? null : new Json(parameters)),
            Map.of(
                nav(OBSERVATION, "Datastream"), List.of(graph.datastream()),
                nav(OBSERVATION, "FeatureOfInterest"), List.of(graph.featureOfInterest()))));
  }

  /** The ids of the "filter" Datastream's Observations that match, in id order. */
  private List<Long> observations(String filterText) {
    return ids(
        OBSERVATION,
        Optional.of(new Scope(filter.datastream(), nav(DATASTREAM, "Observations"))),
        filterText);
  }

  private List<Long> ids(EntityType type, Optional<Scope> scope, String filterText) {
    EntityQuery query =
        new EntityQuery(type, scope, List.of(new OrderBy("id", false)), 0, 100, false, Set.of())
            .withFilter(Filter.parse(filterText, type));
    return store.query(query).entities().stream().map(Entity::id).toList();
  }

  private List<Long> all(EntityType type, String filterText) {
    return ids(type, Optional.empty(), filterText);
  }

  // ------------------------------------------------------------------------------ comparisons

  @Test
  void compares_numeric_results_with_every_operator() {
    assertThat(observations("result gt 15")).containsExactly(o2, o3);
    assertThat(observations("result ge 20.5")).containsExactly(o2, o3);
    assertThat(observations("result lt 20")).containsExactly(o1);
    assertThat(observations("result le 10")).containsExactly(o1);
    assertThat(observations("result eq 30")).containsExactly(o3);
    assertThat(observations("30 eq result")).containsExactly(o3);
    assertThat(observations("result ne 30")).containsExactly(o1, o2, o4, o5);
  }

  @Test
  void compares_text_and_boolean_results_as_json_values() {
    assertThat(observations("result eq 'high'")).containsExactly(o4);
    assertThat(observations("result eq true")).containsExactly(o5);
    assertThat(observations("result gt 'a'")).containsExactly(o4, o5);
    // A number compared with text reads as the API writes it: "10" < "3" as text.
    assertThat(observations("result eq '10'")).containsExactly(o1);
    assertThat(observations("result eq '20.5'")).containsExactly(o2);
    assertThat(observations("result gt '3'")).containsExactly(o3, o4, o5);
  }

  @Test
  void and_binds_tighter_than_or_and_parentheses_and_not_work() {
    assertThat(observations("result lt 15 or result gt 25 and result lt 35"))
        .containsExactly(o1, o3);
    assertThat(observations("(result lt 15 or result gt 25) and result lt 25")).containsExactly(o1);
    assertThat(observations("not (result gt 15)")).containsExactly(o1);
    assertThat(observations("not result gt 15 and result gt 5")).containsExactly(o1);
  }

  @Test
  void computes_arithmetic_in_the_database() {
    assertThat(observations("result add 5 eq 15")).containsExactly(o1);
    assertThat(observations("result sub 1 eq 9")).containsExactly(o1);
    assertThat(observations("result mul 2 eq 60")).containsExactly(o3);
    assertThat(observations("result div 2 eq 5")).containsExactly(o1);
    assertThat(observations("result mod 7 eq 3")).containsExactly(o1);
    assertThat(observations("result mod 7 eq 6.5")).containsExactly(o2);
    assertThat(observations("-result lt -25")).containsExactly(o3);
    assertThat(observations("result add 2 mul 5 eq 20")).containsExactly(o1);
    assertThat(observations("(result add 2) mul 5 eq 60")).containsExactly(o1);
  }

  // ------------------------------------------------------------------------------ times

  @Test
  void compares_times_and_intervals_by_their_bounds() {
    assertThat(observations("phenomenonTime ge 2026-03-01T01:00:00Z"))
        .containsExactly(o2, o3, o4, o5);
    // An interval is before an instant only when it ends before it...
    assertThat(observations("phenomenonTime lt 2026-03-01T03:30:00Z")).containsExactly(o1, o2, o3);
    assertThat(observations("phenomenonTime le 2026-03-01T04:00:00Z"))
        .containsExactly(o1, o2, o3, o4);
    // ...and after it only when it starts after it.
    assertThat(observations("phenomenonTime gt 2026-03-01T03:30:00Z")).containsExactly(o5);
    assertThat(observations("phenomenonTime eq 2026-03-01T02:00:00Z")).containsExactly(o3);
    assertThat(observations("phenomenonTime eq 2026-03-01T03:00:00+01:00")).containsExactly(o3);
    assertThat(observations("phenomenonTime ne 2026-03-01T02:00:00Z"))
        .containsExactly(o1, o2, o4, o5);
  }

  @Test
  void null_means_unset_and_order_comparisons_with_null_are_false() {
    assertThat(observations("resultTime eq null")).containsExactly(o1, o2, o3, o4, o5);
    assertThat(observations("resultTime ne null")).isEmpty();
    assertThat(observations("resultTime gt null")).isEmpty();
    assertThat(observations("parameters/quality eq null")).containsExactly(o3, o4, o5);
    assertThat(observations("parameters/quality ne 'good'")).containsExactly(o2, o3, o4, o5);
    assertThat(observations("result eq null")).isEmpty();
  }

  @Test
  void date_functions_read_times_in_utc() {
    assertThat(
            observations(
                "year(phenomenonTime) eq 2026 and month(phenomenonTime) eq 3 and day(phenomenonTime) eq 2"))
        .containsExactly(o5);
    assertThat(
            observations(
                "hour(phenomenonTime) eq 12 and minute(phenomenonTime) eq 34 and second(phenomenonTime) eq 56"))
        .containsExactly(o5);
    assertThat(observations("fractionalseconds(phenomenonTime) eq 0.25")).containsExactly(o2);
    assertThat(observations("date(phenomenonTime) eq 2026-03-02")).containsExactly(o5);
    assertThat(observations("time(phenomenonTime) eq 12:34:56")).containsExactly(o5);
    assertThat(observations("time(phenomenonTime) lt 01:30")).containsExactly(o1, o2);
    assertThat(observations("totaloffsetminutes(phenomenonTime) eq 0")).hasSize(5);
    assertThat(observations("totaloffsetminutes(2026-01-01T00:00:00+02:00) eq 120")).hasSize(5);
    assertThat(observations("phenomenonTime lt now()")).hasSize(5);
    assertThat(observations("maxdatetime(phenomenonTime) eq 2026-03-01T04:00:00Z"))
        .containsExactly(o4);
    assertThat(observations("mindatetime(phenomenonTime) eq 2026-03-01T03:00:00Z"))
        .containsExactly(o4);
  }

  // ------------------------------------------------------------------------------ functions

  @Test
  void math_functions_round_halves_away_from_zero() {
    assertThat(observations("round(result) eq 21")).containsExactly(o2);
    assertThat(observations("floor(result) eq 20")).containsExactly(o2);
    assertThat(observations("ceiling(result) eq 21")).containsExactly(o2);
    assertThat(observations("round(-result) eq -21")).containsExactly(o2);
  }

  @Test
  void string_functions_work_on_both_engines() {
    assertThat(all(THING, "substringof('ilt', name)")).containsExactly(filter.thing());
    assertThat(all(THING, "startswith(name, 'oth')")).containsExactly(other.thing());
    assertThat(all(THING, "endswith(name, 'tower')")).containsExactly(nord);
    assertThat(all(THING, "length(name) eq 5")).containsExactly(other.thing());
    assertThat(all(THING, "indexof(name, 'the') eq 1")).containsExactly(other.thing());
    assertThat(all(THING, "substring(name, 1) eq 'ther'")).containsExactly(other.thing());
    assertThat(all(THING, "substring(name, 1, 2) eq 'th'")).containsExactly(other.thing());
    assertThat(all(THING, "tolower(name) eq 'nord tower'")).containsExactly(nord);
    assertThat(all(THING, "toupper(name) eq 'OTHER'")).containsExactly(other.thing());
    assertThat(all(THING, "trim(concat(' ', name)) eq 'other'")).containsExactly(other.thing());
    assertThat(all(THING, "concat(name, '!') eq 'other!'")).containsExactly(other.thing());
    assertThat(all(THING, "name eq 'it''s'")).isEmpty();
    assertThat(all(THING, "name gt 'o'")).containsExactly(other.thing());
  }

  // ------------------------------------------------------------------------------ JSON

  @Test
  void json_members_compare_as_numbers_with_numbers_and_as_text_with_text() {
    assertThat(observations("parameters/quality eq 'good'")).containsExactly(o1);
    // As text '10' < '5'; as numbers 10 > 5.
    assertThat(observations("parameters/level gt 5")).containsExactly(o2);
    assertThat(observations("parameters/level eq 3")).containsExactly(o1);
    assertThat(observations("parameters/level add 1 eq 11")).containsExactly(o2);
    assertThat(all(THING, "properties/district eq 'Nord'")).containsExactly(nord);
    assertThat(all(THING, "properties/floors ge 3")).containsExactly(nord);
    assertThat(all(THING, "properties/owner/name eq 'City'")).containsExactly(nord);
    assertThat(all(THING, "properties/district eq 'Mitte'"))
        .contains(filter.thing(), other.thing())
        .doesNotContain(nord);
    assertThat(all(THING, "startswith(properties/owner/name, 'Ci')")).containsExactly(nord);
  }

  // ------------------------------------------------------------------------------ navigation

  @Test
  void navigation_paths_reach_related_entities() {
    assertThat(all(OBSERVATION, "Datastream/Thing/name eq 'other'")).containsExactly(o6);
    assertThat(all(OBSERVATION, "Datastream/id eq " + other.datastream())).containsExactly(o6);
    assertThat(
            all(OBSERVATION, "Datastream/@iot.id eq " + other.datastream() + " and result gt 50"))
        .containsExactly(o6);
    assertThat(all(OBSERVATION, "FeatureOfInterest/name eq 'other feature'")).containsExactly(o6);
    assertThat(all(DATASTREAM, "ObservedProperty/name eq 'filter temperature'"))
        .containsExactly(filter.datastream());
    // To-many: any of them.
    assertThat(all(DATASTREAM, "Observations/result gt 50 and Observations/result lt 1000"))
        .containsExactly(other.datastream());
    assertThat(all(THING, "Locations/name eq 'other location'")).containsExactly(other.thing());
    assertThat(all(THING, "Datastreams/Observations/result eq 'high'"))
        .containsExactly(filter.thing());
    assertThat(
            all(
                OBSERVATION,
                "Datastream/Thing/name eq 'filter' and Datastream/Thing/properties/district eq 'Mitte'"
                    + " and result eq 10"))
        .containsExactly(o1);
  }

  @Test
  void a_filter_restricts_the_count_too() {
    EntityQuery query =
        new EntityQuery(
                OBSERVATION,
                Optional.of(new Scope(filter.datastream(), nav(DATASTREAM, "Observations"))),
                List.of(),
                0,
                1,
                true,
                Set.of())
            .withFilter(Filter.parse("result gt 15", OBSERVATION));
    var page = store.query(query);
    assertThat(page.entities()).hasSize(1);
    assertThat(page.totalCount()).hasValue(2);
    assertThat(page.more()).isTrue();
  }

  private List<Long> shapes(String filterText) {
    return all(EntityType.LOCATION, "startswith(name, 'geo ') and " + filterText);
  }

  @Test
  void geospatial_relations_hold_on_both_engines() {
    String square10 = "geometry'POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))'";
    assertThat(shapes("st_within(location, " + square10 + ")")).containsExactly(square, feature);
    assertThat(shapes("st_intersects(location, geography'POINT(1 1)')"))
        .containsExactly(square, feature);
    assertThat(shapes("geo.intersects(location, geography'POINT(1 1)')"))
        .containsExactly(square, feature);
    assertThat(shapes("st_contains(location, geometry'POINT(5 5)')")).containsExactly(square);
    assertThat(shapes("st_crosses(location, " + square10 + ")")).containsExactly(line);
    assertThat(shapes("st_touches(location, geometry'POINT(10 5)')")).containsExactly(square);
    assertThat(shapes("st_overlaps(location, geometry'POLYGON((5 5, 15 5, 15 15, 5 15, 5 5))')"))
        .containsExactly(square);
    assertThat(shapes("st_disjoint(location, " + square10 + ")")).containsExactly(far);
    assertThat(shapes("st_equals(location, geometry'POINT(20 20)')")).containsExactly(far);
    assertThat(shapes("st_relate(location, geometry'POINT(20 20)', 'T*F**FFF*')"))
        .containsExactly(far);
    assertThat(shapes("not st_intersects(location, " + square10 + ")")).containsExactly(far);
  }

  @Test
  void geospatial_measures_are_planar_in_coordinate_units() {
    assertThat(shapes("geo.distance(location, geometry'POINT(20 25)') lt 6")).containsExactly(far);
    assertThat(shapes("geo.distance(location, geometry'POINT(20 25)') eq 5")).containsExactly(far);
    // Areas and points have no length, as PostGIS's ST_Length has it.
    assertThat(shapes("geo.length(location) eq 10")).containsExactly(line);
    assertThat(shapes("geo.length(location) eq 0")).containsExactly(square, far, feature);
  }

  @Test
  void geospatial_functions_follow_navigation_paths() {
    assertThat(
            all(
                THING,
                "st_within(Locations/location, geography'POLYGON((8 48, 9 48, 9 50, 8 50, 8 48))')"))
        .contains(filter.thing(), other.thing())
        .doesNotContain(nord);
  }

  @Test
  void a_malformed_wkt_literal_is_invalid_input() {
    assertThatThrownBy(() -> shapes("st_within(location, geometry'POLYGON((0 0, 1 1))')"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a valid WKT geometry");
  }

  @Test
  void division_by_zero_is_invalid_input() {
    assertThatThrownBy(() -> observations("result div 0 eq 1"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void members_of_an_object_result_and_of_other_json_properties_are_reachable() {
    assertThat(all(DATASTREAM, "unitOfMeasurement/symbol eq '°C' and Thing/name eq 'filter'"))
        .containsExactly(filter.datastream());
    assertThat(observations("result/missing eq null")).hasSize(5);
  }

  /**
   * Random filters built from every kind of operand, operator and function: whatever parses runs,
   * and a failure is only ever the client's (invalid input), never the engine's.
   */
  @Test
  void random_well_formed_filters_run_or_fail_only_as_invalid_input() {
    java.util.Random random = new java.util.Random(7);
    int ran = 0;
    for (int i = 0; i < 2_000; i++) {
      String text = randomExpression(random, 3);
      Filter parsed;
      try {
        parsed = Filter.parse(text, OBSERVATION);
      } catch (InvalidInputException notAFilter) {
        continue;
      }
      EntityQuery query =
          new EntityQuery(OBSERVATION, Optional.empty(), List.of(), 0, 5, true, Set.of())
              .withFilter(parsed);
      try {
        store.query(query);
        ran++;
      } catch (InvalidInputException refused) {
        assertThat(refused.getMessage()).as(text).isNotBlank();
      } catch (RuntimeException e) {
        throw new AssertionError("filter '" + text + "' failed in the engine", e);
      }
    }
    assertThat(ran).as("filters that ran").isGreaterThan(100);
  }

  private static final List<String> OPERANDS =
      List.of(
          "result",
          "phenomenonTime",
          "resultTime",
          "validTime",
          "parameters/level",
          "parameters/quality",
          "id",
          "Datastream/name",
          "Datastream/Thing/properties/district",
          "FeatureOfInterest/feature",
          "1",
          "2.5",
          "-3",
          "'a'",
          "'it''s'",
          "true",
          "null",
          "2026-03-01T00:00:00Z",
          "2026-03-01",
          "12:00:00",
          "duration'PT1H'",
          "geography'POINT(8.4 49)'",
          "now()");
  private static final List<String> BINARY =
      List.of("eq", "ne", "gt", "ge", "lt", "le", "and", "or", "add", "sub", "mul", "div", "mod");

  private static String randomExpression(java.util.Random random, int depth) {
    if (depth == 0 || random.nextInt(4) == 0) {
      return OPERANDS.get(random.nextInt(OPERANDS.size()));
    }
    return switch (random.nextInt(4)) {
      case 0 -> "not (" + randomExpression(random, depth - 1) + ")";
      case 1 -> {
        var function =
            org.civitas.sensing.query.filter.FilterFunction.values()[
                random.nextInt(org.civitas.sensing.query.filter.FilterFunction.values().length)];
        List<String> arguments = new ArrayList<>();
        for (int a = 0; a < function.parameters().size(); a++) {
          arguments.add(randomExpression(random, depth - 1));
        }
        yield function.functionName() + "(" + String.join(", ", arguments) + ")";
      }
      default ->
          "("
              + randomExpression(random, depth - 1)
              + " "
              + BINARY.get(random.nextInt(BINARY.size()))
              + " "
              + randomExpression(random, depth - 1)
              + ")";
    };
  }

  // ------------------------------------------------------------------------------ plans

  @Test
  void a_time_filter_on_a_datastreams_observations_reads_the_stream_time_index() throws Exception {
    Graph g = graph(store, "explain");
    List<NewObservation> batch = new ArrayList<>();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < 20_000; i++) {
      batch.add(
          observation(g.datastream(), g.featureOfInterest(), t0.plusSeconds(i), "" + (1000 + i)));
    }
    store.ingest().submitAll(batch).join();
    EntityQuery query =
        new EntityQuery(
                OBSERVATION,
                Optional.of(new Scope(g.datastream(), nav(DATASTREAM, "Observations"))),
                List.of(),
                0,
                100,
                false,
                Set.of())
            .withFilter(
                Filter.parse(
                    "phenomenonTime ge 2026-01-01T05:00:00Z and result gt 1020", OBSERVATION));
    QuerySql sql =
        QuerySql.of(
            Dialect.of(settings().kind()), query, SensingSchema.table(OBSERVATION).properties());
    List<Object> parameters = new ArrayList<>(sql.parameters());
    parameters.add(101L);
    parameters.add(0L);
    try (java.sql.Connection connection = connectDirectly();
        var statement = connection.prepareStatement("EXPLAIN " + sql.page())) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      StringBuilder plan = new StringBuilder();
      try (var row = statement.executeQuery()) {
        while (row.next()) {
          plan.append(row.getString(1)).append('\n');
        }
      }
      assertUsesStreamTimeIndex(plan.toString());
    }
    assertThat(store.query(query).entities()).hasSize(100);

    // The same stream named in the filter instead of the path is read the same way.
    EntityQuery pinned =
        new EntityQuery(OBSERVATION, Optional.empty(), List.of(), 0, 100, false, Set.of())
            .withFilter(
                Filter.parse(
                    "Datastream/id eq "
                        + g.datastream()
                        + " and phenomenonTime ge 2026-01-01T05:00:00Z and result gt 1020",
                    OBSERVATION));
    assertUsesStreamTimeIndex(explain(pinned));
    List<Entity> page = store.query(pinned).entities();
    assertThat(page).hasSize(100);
    assertThat(page.getFirst().value("phenomenonTime"))
        .isEqualTo(new TimeValue.Instant(Instant.parse("2026-01-01T05:00:00Z")));
  }

  private String explain(EntityQuery query) throws java.sql.SQLException {
    QuerySql sql =
        QuerySql.of(
            Dialect.of(settings().kind()), query, SensingSchema.table(OBSERVATION).properties());
    List<Object> parameters = new ArrayList<>(sql.parameters());
    parameters.add(101L);
    parameters.add(0L);
    try (java.sql.Connection connection = connectDirectly();
        var statement = connection.prepareStatement("EXPLAIN " + sql.page())) {
      for (int i = 0; i < parameters.size(); i++) {
        statement.setObject(i + 1, parameters.get(i));
      }
      StringBuilder plan = new StringBuilder();
      try (var row = statement.executeQuery()) {
        while (row.next()) {
          plan.append(row.getString(1)).append('\n');
        }
      }
      return plan.toString();
    }
  }
}
