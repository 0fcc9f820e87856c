package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.civitas.sensing.model.EntityType.DATASTREAM;
import static org.civitas.sensing.model.EntityType.FEATURE_OF_INTEREST;
import static org.civitas.sensing.model.EntityType.HISTORICAL_LOCATION;
import static org.civitas.sensing.model.EntityType.LOCATION;
import static org.civitas.sensing.model.EntityType.MULTI_DATASTREAM;
import static org.civitas.sensing.model.EntityType.OBSERVATION;
import static org.civitas.sensing.model.EntityType.OBSERVED_PROPERTY;
import static org.civitas.sensing.model.EntityType.SENSOR;
import static org.civitas.sensing.model.EntityType.THING;
import static org.civitas.storage.SensingFixtures.draft;
import static org.civitas.storage.SensingFixtures.graph;
import static org.civitas.storage.SensingFixtures.nav;
import static org.civitas.storage.SensingFixtures.observation;
import static org.civitas.storage.SensingFixtures.observationDraft;
import static org.civitas.storage.SensingFixtures.values;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.civitas.error.CivitasException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnavailableException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.OrderBy;
import org.civitas.sensing.query.Scope;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.SensingFixtures.Graph;
import org.civitas.timeseries.Bucket;
import org.civitas.timeseries.BucketWidth;
import org.civitas.timeseries.IngestStats;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every behaviour of a {@link SensingStore}, run once per engine by a subclass that says how to
 * reach it. One store serves the whole class; each test builds its own entities (a {@link Graph})
 * and only looks at what it built, so tests do not depend on each other or on their order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SensingStoreContract {
  protected static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  protected SensingStore store;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  @BeforeAll
  void openStore() {
    store = Storage.open(settings());
  }

  @AfterAll
  void closeStore() {
    if (store != null) {
      store.close();
    }
    afterStoreClosed();
  }

  /** Runs once the class's store is closed, e.g. to drop the database it used. */
  protected void afterStoreClosed() {}

  // ------------------------------------------------------------------------------------- CRUD

  @Test
  void creates_and_reads_every_entity_type_with_all_its_properties() {
    Graph g = graph(store, "crud");
    long historical =
        store.inTransaction(
            tx ->
                tx.create(
                    draft(
                        HISTORICAL_LOCATION,
                        values("time", new TimeValue.Instant(T0)),
                        Map.of(
                            nav(HISTORICAL_LOCATION, "Thing"), List.of(g.thing()),
                            nav(HISTORICAL_LOCATION, "Locations"), List.of(g.location())))));
    TimeValue window = TimeValue.of(T0, T0.plusSeconds(60));
    long observation =
        store.inTransaction(
            tx ->
                tx.create(
                    draft(
                        OBSERVATION,
                        values(
                            "phenomenonTime", window,
                            "resultTime", new TimeValue.Instant(T0.plusSeconds(61)),
                            "result", new Json("{\"pm10\": 12}"),
                            "resultQuality", new Json("[\"good\"]"),
                            "validTime", TimeValue.of(T0, T0.plusSeconds(3600)),
                            "parameters", new Json("{\"a\":1}")),
                        Map.of(
                            nav(OBSERVATION, "Datastream"), List.of(g.datastream()),
                            nav(OBSERVATION, "FeatureOfInterest"),
                                List.of(g.featureOfInterest())))));

    assertThat(find(THING, g.thing()).values())
        .containsEntry("name", "crud")
        .containsEntry("properties", new Json("{\"district\":\"Mitte\"}"));
    assertThat(find(LOCATION, g.location()).value("location"))
        .isEqualTo(new Json("{\"type\":\"Point\",\"coordinates\":[8.4,49.0]}"));
    assertThat(find(HISTORICAL_LOCATION, historical).value("time"))
        .isEqualTo(new TimeValue.Instant(T0));
    assertThat(find(SENSOR, g.sensor()).value("metadata"))
        .isEqualTo(new Json("\"https://example.org/datasheet.pdf\""));
    assertThat(find(OBSERVED_PROPERTY, g.observedProperty()).value("definition"))
        .isEqualTo("http://qudt.org/vocab/quantitykind/Temperature");
    assertThat(find(DATASTREAM, g.datastream()).value("unitOfMeasurement"))
        .isEqualTo(
            new Json(
                "{\"name\":\"degree Celsius\",\"symbol\":\"°C\",\"definition\":\"ucum:Cel\"}"));
    assertThat(find(MULTI_DATASTREAM, g.multiDatastream()).value("multiObservationDataTypes"))
        .isEqualTo(
            new Json("[\"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement\"]"));
    assertThat(find(FEATURE_OF_INTEREST, g.featureOfInterest()).value("encodingType"))
        .isEqualTo("application/geo+json");
    Entity stored = find(OBSERVATION, observation);
    assertThat(stored.values())
        .containsEntry("phenomenonTime", window)
        .containsEntry("resultTime", new TimeValue.Instant(T0.plusSeconds(61)))
        .containsEntry("result", new Json("{\"pm10\": 12}"))
        .containsEntry("resultQuality", new Json("[\"good\"]"))
        .containsEntry("validTime", TimeValue.of(T0, T0.plusSeconds(3600)))
        .containsEntry("parameters", new Json("{\"a\":1}"));
    assertThat(stored.values().keySet())
        .containsExactly(
            "phenomenonTime", "resultTime", "result", "resultQuality", "validTime", "parameters");
  }

  @Test
  void a_property_without_value_reads_as_null_and_an_unknown_id_as_empty() {
    Graph g = graph(store, "nulls");
    long bare =
        store.inTransaction(
            tx -> tx.create(draft(THING, values("name", "bare", "description", "x"), Map.of())));
    assertThat(find(THING, bare).values()).containsEntry("properties", null);
    assertThat(find(DATASTREAM, g.datastream()).values())
        .containsEntry("phenomenonTime", null)
        .containsEntry("observedArea", null);
    assertThat(store.find(THING, Long.MAX_VALUE, Set.of())).isEmpty();
  }

  @Test
  void numeric_results_round_trip_exactly_whatever_their_spelling() {
    Graph g = graph(store, "numbers");
    List<String> results =
        List.of("21", "21.5", "-0.25", "1e3", "20.50", "0", "12345678901234567890", "\"text\"");
    List<Long> ids = new ArrayList<>();
    store.inTransaction(
        tx -> {
          for (String result : results) {
            ids.add(
                tx.create(
                    observationDraft(
                        g.datastream(), g.featureOfInterest(), new TimeValue.Instant(T0), result)));
          }
          return null;
        });
    for (int i = 0; i < results.size(); i++) {
      assertThat(find(OBSERVATION, ids.get(i)).value("result")).isEqualTo(new Json(results.get(i)));
    }
  }

  @Test
  void a_link_to_a_missing_entity_is_invalid_and_names_the_navigation_property() {
    Graph g = graph(store, "dangling");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx ->
                        tx.create(
                            SensingFixtures.datastream(
                                "dangling", Long.MAX_VALUE, g.sensor(), g.observedProperty()))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((CivitasException) e).field()).contains("Thing"));
    assertThatThrownBy(
            () ->
                update(
                    g.thing(),
                    draft(
                        THING, Map.of(), Map.of(nav(THING, "Locations"), List.of(Long.MAX_VALUE)))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((CivitasException) e).field()).contains("Locations"));
  }

  @Test
  void a_required_link_or_property_that_is_missing_is_invalid() {
    Graph g = graph(store, "required");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx ->
                        tx.create(
                            draft(
                                DATASTREAM,
                                SensingFixtures.datastream("x", g.thing(), g.sensor(), 1).values(),
                                Map.of(nav(DATASTREAM, "Thing"), List.of(g.thing()))))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((CivitasException) e).field()).contains("Sensor"));
    assertThatThrownBy(
            () -> store.inTransaction(tx -> tx.create(draft(THING, values("name", "x"), Map.of()))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((CivitasException) e).field()).contains("description"));
  }

  @Test
  void unknown_and_computed_properties_cannot_be_written() {
    Graph g = graph(store, "readonly");
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.update(g.thing(), draft(THING, values("colour", "red"), Map.of()));
                      return null;
                    }))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((CivitasException) e).field()).contains("colour"));
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.update(
                          g.datastream(),
                          draft(
                              DATASTREAM,
                              values("phenomenonTime", new TimeValue.Instant(T0)),
                              Map.of()));
                      return null;
                    }))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((CivitasException) e).field()).contains("phenomenonTime"));
  }

  @Test
  void update_changes_only_the_given_properties_and_clears_those_set_to_null() {
    Graph g = graph(store, "update");
    store.inTransaction(
        tx -> {
          tx.update(
              g.thing(), draft(THING, values("name", "renamed", "properties", null), Map.of()));
          return null;
        });
    Entity thing = find(THING, g.thing());
    assertThat(thing.values())
        .containsEntry("name", "renamed")
        .containsEntry("description", "a thing called update")
        .containsEntry("properties", null);
  }

  @Test
  void a_to_one_link_is_replaced_and_a_to_many_link_is_added_to() {
    Graph g = graph(store, "relink");
    long otherThing = store.inTransaction(tx -> tx.create(SensingFixtures.thing("other")));
    long otherLocation =
        store.inTransaction(
            tx ->
                tx.create(
                    draft(
                        LOCATION,
                        values(
                            "name", "second",
                            "description", "x",
                            "encodingType", "application/geo+json",
                            "location", new Json("{\"type\":\"Point\",\"coordinates\":[0,0]}")),
                        Map.of())));
    store.inTransaction(
        tx -> {
          tx.update(
              g.datastream(),
              draft(DATASTREAM, Map.of(), Map.of(nav(DATASTREAM, "Thing"), List.of(otherThing))));
          tx.update(
              g.thing(),
              draft(THING, Map.of(), Map.of(nav(THING, "Locations"), List.of(otherLocation))));
          // Linking again what is already linked changes nothing.
          tx.update(
              g.thing(),
              draft(THING, Map.of(), Map.of(nav(THING, "Locations"), List.of(otherLocation))));
          return null;
        });
    assertThat(ids(scoped(DATASTREAM, g.datastream(), "Thing"))).containsExactly(otherThing);
    assertThat(ids(scoped(THING, g.thing(), "Locations")))
        .containsExactly(g.location(), otherLocation);
  }

  @Test
  void updating_or_deleting_a_missing_entity_is_not_found() {
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.update(Long.MAX_VALUE, draft(THING, values("name", "x"), Map.of()));
                      return null;
                    }))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.delete(SENSOR, Long.MAX_VALUE);
                      return null;
                    }))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_transaction_that_throws_leaves_nothing_behind() {
    List<Long> created = new ArrayList<>();
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      created.add(tx.create(SensingFixtures.thing("rolled back")));
                      throw new IllegalStateException("changed my mind");
                    }))
        .hasMessage("changed my mind");
    assertThat(store.find(THING, created.getFirst(), Set.of())).isEmpty();
  }

  // ---------------------------------------------------------------------------------- scopes

  @Test
  void a_scope_through_the_parents_foreign_key_finds_the_one_target() {
    Graph g = graph(store, "own-column");
    assertThat(ids(scoped(DATASTREAM, g.datastream(), "Thing"))).containsExactly(g.thing());
    assertThat(ids(scoped(DATASTREAM, g.datastream(), "Sensor"))).containsExactly(g.sensor());
    assertThat(ids(scoped(MULTI_DATASTREAM, g.multiDatastream(), "Thing")))
        .containsExactly(g.thing());
  }

  @Test
  void a_scope_through_the_targets_foreign_key_finds_all_children() {
    Graph g = graph(store, "target-column");
    long second =
        store.inTransaction(
            tx ->
                tx.create(
                    SensingFixtures.datastream(
                        "second", g.thing(), g.sensor(), g.observedProperty())));
    assertThat(ids(scoped(THING, g.thing(), "Datastreams")))
        .containsExactly(g.datastream(), second);
    assertThat(ids(scoped(OBSERVED_PROPERTY, g.observedProperty(), "Datastreams")))
        .containsExactly(g.datastream(), second);
    assertThat(ids(scoped(THING, g.thing(), "MultiDatastreams")))
        .containsExactly(g.multiDatastream());
  }

  @Test
  void a_scope_through_a_link_table_works_from_both_ends() {
    Graph g = graph(store, "link-table");
    assertThat(ids(scoped(THING, g.thing(), "Locations"))).containsExactly(g.location());
    assertThat(ids(scoped(LOCATION, g.location(), "Things"))).containsExactly(g.thing());
    assertThat(ids(scoped(OBSERVED_PROPERTY, g.observedProperty(), "MultiDatastreams")))
        .containsExactly(g.multiDatastream());
  }

  @Test
  void the_observed_properties_of_a_multi_datastream_come_in_list_order() {
    Graph g = graph(store, "ordered");
    long first = store.inTransaction(tx -> tx.create(SensingFixtures.observedProperty("b")));
    long multi =
        store.inTransaction(
            tx ->
                tx.create(
                    SensingFixtures.multiDatastream(
                        "ordered", g.thing(), g.sensor(), List.of(first, g.observedProperty()))));
    // g.observedProperty() has the smaller id, yet the list puts it second.
    assertThat(ids(scoped(MULTI_DATASTREAM, multi, "ObservedProperties")))
        .containsExactly(first, g.observedProperty());
  }

  @Test
  void a_scope_below_a_missing_entity_is_not_found() {
    assertThatThrownBy(() -> scoped(DATASTREAM, Long.MAX_VALUE, "Observations"))
        .isInstanceOf(NotFoundException.class);
  }

  // ------------------------------------------------------------- order, skip, top, count, select

  @Test
  void pages_are_ordered_skipped_topped_and_counted() {
    Graph g = graph(store, "paging");
    List<Long> ids = new ArrayList<>();
    store.inTransaction(
        tx -> {
          for (int i = 0; i < 7; i++) {
            // Results descend while time ascends, so the two orders differ.
            ids.add(
                tx.create(
                    observationDraft(
                        g.datastream(),
                        g.featureOfInterest(),
                        new TimeValue.Instant(T0.plusSeconds(i)),
                        Integer.toString(100 - i))));
          }
          return null;
        });
    Scope scope = new Scope(g.datastream(), nav(DATASTREAM, "Observations"));

    EntityPage byTime =
        store.query(
            new EntityQuery(
                OBSERVATION,
                Optional.of(scope),
                List.of(new OrderBy("phenomenonTime", true)),
                2,
                3,
                true,
                Set.of()));
    assertThat(ids(byTime)).containsExactly(ids.get(4), ids.get(3), ids.get(2));
    assertThat(byTime.totalCount()).hasValue(7);
    assertThat(byTime.more()).isTrue();

    EntityPage byResult =
        store.query(
            new EntityQuery(
                OBSERVATION,
                Optional.of(scope),
                List.of(new OrderBy("result", false)),
                5,
                10,
                false,
                Set.of()));
    assertThat(ids(byResult)).containsExactly(ids.get(1), ids.get(0));
    assertThat(byResult.totalCount()).isEmpty();
    assertThat(byResult.more()).isFalse();
  }

  @Test
  void the_observations_of_a_datastream_come_in_time_order_unless_ordered_otherwise() {
    Graph g = graph(store, "default-order");
    List<Long> ids = new ArrayList<>();
    store.inTransaction(
        tx -> {
          for (int second : new int[] {30, 10, 20}) {
            ids.add(
                tx.create(
                    observationDraft(
                        g.datastream(),
                        g.featureOfInterest(),
                        new TimeValue.Instant(T0.plusSeconds(second)),
                        "1")));
          }
          return null;
        });
    assertThat(ids(scoped(DATASTREAM, g.datastream(), "Observations")))
        .containsExactly(ids.get(1), ids.get(2), ids.get(0));
    // Elsewhere the default order is by id.
    assertThat(ids(scoped(FEATURE_OF_INTEREST, g.featureOfInterest(), "Observations")))
        .containsExactlyElementsOf(ids);
  }

  @Test
  void ties_are_broken_by_id_so_pages_never_overlap() {
    Graph g = graph(store, "ties");
    store.inTransaction(
        tx -> {
          for (int i = 0; i < 5; i++) {
            tx.create(
                observationDraft(
                    g.datastream(), g.featureOfInterest(), new TimeValue.Instant(T0), "1"));
          }
          return null;
        });
    Scope scope = new Scope(g.datastream(), nav(DATASTREAM, "Observations"));
    List<Long> seen = new ArrayList<>();
    for (int skip = 0; skip < 5; skip += 2) {
      seen.addAll(
          ids(
              store.query(
                  new EntityQuery(
                      OBSERVATION,
                      Optional.of(scope),
                      List.of(new OrderBy("phenomenonTime", false)),
                      skip,
                      2,
                      false,
                      Set.of()))));
    }
    assertThat(seen).hasSize(5).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void select_returns_only_the_selected_properties_in_specification_order() {
    Graph g = graph(store, "select");
    Entity thing =
        store.find(THING, g.thing(), Set.of("properties", "name", "Datastreams")).orElseThrow();
    assertThat(thing.values().keySet()).containsExactly("name", "properties");
    EntityPage page =
        store.query(
            new EntityQuery(
                DATASTREAM,
                Optional.of(new Scope(g.thing(), nav(THING, "Datastreams"))),
                List.of(),
                0,
                10,
                false,
                Set.of("name")));
    assertThat(page.entities().getFirst().values())
        .containsOnlyKeys("name")
        .containsEntry("name", "select datastream");
  }

  @Test
  void ordering_or_selecting_an_unknown_property_is_invalid() {
    assertThatThrownBy(
            () ->
                store.query(
                    new EntityQuery(
                        THING,
                        Optional.empty(),
                        List.of(new OrderBy("colour", false)),
                        0,
                        1,
                        false,
                        Set.of())))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((CivitasException) e).field()).contains("$orderby"));
    assertThatThrownBy(() -> store.find(THING, 1, Set.of("colour")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((CivitasException) e).field()).contains("$select"));
  }

  // -------------------------------------------------------------------------------- cascades

  @Test
  void deleting_a_thing_deletes_its_datastreams_their_observations_and_its_history() {
    Graph g = graph(store, "delete-thing");
    long historical =
        store.inTransaction(
            tx ->
                tx.create(
                    draft(
                        HISTORICAL_LOCATION,
                        values("time", new TimeValue.Instant(T0)),
                        Map.of(
                            nav(HISTORICAL_LOCATION, "Thing"), List.of(g.thing()),
                            nav(HISTORICAL_LOCATION, "Locations"), List.of(g.location())))));
    long observation = ingest(g, T0, "1");

    delete(THING, g.thing());

    assertGone(THING, g.thing());
    assertGone(DATASTREAM, g.datastream());
    assertGone(MULTI_DATASTREAM, g.multiDatastream());
    assertGone(HISTORICAL_LOCATION, historical);
    assertGone(OBSERVATION, observation);
    // Locations, Sensors, ObservedProperties and FeaturesOfInterest are shared: they stay.
    assertThat(store.find(LOCATION, g.location(), Set.of())).isPresent();
    assertThat(store.find(SENSOR, g.sensor(), Set.of())).isPresent();
    assertThat(store.find(FEATURE_OF_INTEREST, g.featureOfInterest(), Set.of())).isPresent();
  }

  @Test
  void deleting_a_sensor_deletes_its_datastreams_and_multi_datastreams() {
    Graph g = graph(store, "delete-sensor");
    delete(SENSOR, g.sensor());
    assertGone(DATASTREAM, g.datastream());
    assertGone(MULTI_DATASTREAM, g.multiDatastream());
    assertThat(store.find(THING, g.thing(), Set.of())).isPresent();
  }

  @Test
  void deleting_an_observed_property_deletes_the_datastreams_and_multi_datastreams_using_it() {
    Graph g = graph(store, "delete-property");
    delete(OBSERVED_PROPERTY, g.observedProperty());
    assertGone(DATASTREAM, g.datastream());
    assertGone(MULTI_DATASTREAM, g.multiDatastream());
  }

  @Test
  void deleting_a_datastream_deletes_its_observations_only() {
    Graph g = graph(store, "delete-datastream");
    long observation = ingest(g, T0, "1");
    delete(DATASTREAM, g.datastream());
    assertGone(OBSERVATION, observation);
    assertThat(store.find(THING, g.thing(), Set.of())).isPresent();
    assertThat(store.find(FEATURE_OF_INTEREST, g.featureOfInterest(), Set.of())).isPresent();
  }

  @Test
  void deleting_a_feature_of_interest_deletes_its_observations_and_shrinks_the_stream_times() {
    Graph g = graph(store, "delete-feature");
    long otherFeature =
        store.inTransaction(tx -> tx.create(SensingFixtures.featureOfInterest("other")));
    ingest(g, T0, "1");
    long late =
        join(
            store
                .ingest()
                .submit(observation(g.datastream(), otherFeature, T0.plusSeconds(600), "2")));
    delete(FEATURE_OF_INTEREST, otherFeature);
    assertGone(OBSERVATION, late);
    assertThat(find(DATASTREAM, g.datastream()).value("phenomenonTime"))
        .isEqualTo(new TimeValue.Instant(T0));
  }

  @Test
  void deleting_a_location_removes_its_links_and_the_history_left_without_location() {
    Graph g = graph(store, "delete-location");
    long historical =
        store.inTransaction(
            tx ->
                tx.create(
                    draft(
                        HISTORICAL_LOCATION,
                        values("time", new TimeValue.Instant(T0)),
                        Map.of(
                            nav(HISTORICAL_LOCATION, "Thing"), List.of(g.thing()),
                            nav(HISTORICAL_LOCATION, "Locations"), List.of(g.location())))));
    delete(LOCATION, g.location());
    assertThat(ids(scoped(THING, g.thing(), "Locations"))).isEmpty();
    assertGone(HISTORICAL_LOCATION, historical);
    assertThat(store.find(THING, g.thing(), Set.of())).isPresent();
  }

  // ---------------------------------------------------------------------------------- ingest

  @Test
  void concurrent_submitters_get_unique_ids_for_observations_readable_once_acknowledged()
      throws Exception {
    Graph g = graph(store, "concurrent");
    int threads = 8;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger unreadable = new AtomicInteger();
    try {
      List<java.util.concurrent.Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  List<Long> ids = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    Instant time = T0.plusSeconds(thread * perThread + i);
                    long id =
                        store
                            .ingest()
                            .submit(
                                observation(g.datastream(), g.featureOfInterest(), time, "" + i))
                            .get(30, TimeUnit.SECONDS);
                    // Acknowledged means committed: readable at once from another connection.
                    if (store.find(OBSERVATION, id, Set.of("result")).isEmpty()) {
                      unreadable.incrementAndGet();
                    }
                    ids.add(id);
                  }
                  return ids;
                }));
      }
      Set<Long> all = new HashSet<>();
      for (var result : results) {
        all.addAll(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(threads * perThread);
      assertThat(unreadable).hasValue(0);
      assertThat(count(scopedQuery(DATASTREAM, g.datastream(), "Observations")))
          .isEqualTo(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void submit_all_returns_ids_in_order_and_widens_the_stream_times() {
    Graph g = graph(store, "submit-all");
    List<NewObservation> batch = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      batch.add(
          new NewObservation(
              new ObservationStream.Datastream(g.datastream()),
              g.featureOfInterest(),
              TimeValue.of(T0.plusSeconds(i), T0.plusSeconds(i + 1)),
              T0.plusSeconds(200 + i),
              new Json(Integer.toString(i)),
              null,
              null,
              null));
    }
    List<Long> ids = join(store.ingest().submitAll(batch));
    assertThat(ids).hasSize(100).doesNotHaveDuplicates();
    for (int i : new int[] {0, 42, 99}) {
      assertThat(find(OBSERVATION, ids.get(i)).value("result"))
          .isEqualTo(new Json(Integer.toString(i)));
    }
    Entity datastream = find(DATASTREAM, g.datastream());
    assertThat(datastream.value("phenomenonTime")).isEqualTo(TimeValue.of(T0, T0.plusSeconds(100)));
    assertThat(datastream.value("resultTime"))
        .isEqualTo(TimeValue.of(T0.plusSeconds(200), T0.plusSeconds(299)));
  }

  @Test
  void observations_of_a_multi_datastream_are_ingested_and_scoped_to_it() {
    Graph g = graph(store, "multi");
    long id =
        join(
            store
                .ingest()
                .submit(
                    new NewObservation(
                        new ObservationStream.MultiDatastream(g.multiDatastream()),
                        g.featureOfInterest(),
                        new TimeValue.Instant(T0),
                        null,
                        new Json("[21.5]"),
                        null,
                        null,
                        null)));
    assertThat(ids(scoped(MULTI_DATASTREAM, g.multiDatastream(), "Observations")))
        .containsExactly(id);
    assertThat(ids(scoped(OBSERVATION, id, "MultiDatastream")))
        .containsExactly(g.multiDatastream());
    assertThat(find(MULTI_DATASTREAM, g.multiDatastream()).value("phenomenonTime"))
        .isEqualTo(new TimeValue.Instant(T0));
  }

  @Test
  void submit_all_is_atomic_when_one_observation_refers_to_a_missing_datastream() {
    Graph g = graph(store, "atomic");
    List<NewObservation> batch =
        List.of(
            observation(g.datastream(), g.featureOfInterest(), T0, "1"),
            observation(Long.MAX_VALUE, g.featureOfInterest(), T0, "2"),
            observation(g.datastream(), g.featureOfInterest(), T0, "3"));
    CompletableFuture<List<Long>> future = store.ingest().submitAll(batch);
    assertThatThrownBy(future::join)
        .hasCauseInstanceOf(InvalidInputException.class)
        .satisfies(
            e -> assertThat(((CivitasException) e.getCause()).field()).contains("Datastream"));
    assertThat(count(scopedQuery(DATASTREAM, g.datastream(), "Observations"))).isZero();
  }

  @Test
  void a_failing_submission_in_a_batch_leaves_the_others_committed() {
    Graph g = graph(store, "isolation");
    // Holding the Datastream's row lock stalls the writer on its first batch, so the next
    // submissions queue up and are written together in one batch once it is released.
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    store.inTransaction(
        tx -> {
          tx.update(g.datastream(), draft(DATASTREAM, values("name", "locked"), Map.of()));
          futures.add(
              store.ingest().submit(observation(g.datastream(), g.featureOfInterest(), T0, "1")));
          futures.add(
              store
                  .ingest()
                  .submit(observation(g.datastream(), Long.MAX_VALUE, T0.plusSeconds(1), "2")));
          futures.add(
              store
                  .ingest()
                  .submit(
                      observation(g.datastream(), g.featureOfInterest(), T0.plusSeconds(2), "3")));
          return null;
        });
    assertThat(join(futures.get(0))).isPositive();
    assertThatThrownBy(futures.get(1)::join)
        .hasCauseInstanceOf(InvalidInputException.class)
        .satisfies(
            e ->
                assertThat(((CivitasException) e.getCause()).field())
                    .contains("FeatureOfInterest"));
    assertThat(join(futures.get(2))).isPositive();
    assertThat(count(scopedQuery(DATASTREAM, g.datastream(), "Observations"))).isEqualTo(2);
  }

  @Test
  void a_full_queue_refuses_submissions_at_once_and_commits_what_it_accepted() {
    Graph g = graph(store, "back-pressure");
    try (SensingStore small = Storage.open(settings(), new Storage.Tuning(10, 5))) {
      List<CompletableFuture<Long>> accepted = new ArrayList<>();
      small.inTransaction(
          tx -> {
            tx.update(g.datastream(), draft(DATASTREAM, values("name", "locked"), Map.of()));
            for (int i = 0; i < 10; i++) {
              accepted.add(
                  small
                      .ingest()
                      .submit(
                          observation(
                              g.datastream(), g.featureOfInterest(), T0.plusSeconds(i), "1")));
            }
            assertThatThrownBy(
                    () ->
                        small
                            .ingest()
                            .submit(observation(g.datastream(), g.featureOfInterest(), T0, "1")))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("full");
            assertThat(small.ingest().stats().queuedObservations()).isEqualTo(10);
            return null;
          });
      accepted.forEach(SensingStoreContract::join);
      IngestStats stats = small.ingest().stats();
      assertThat(stats.committedObservations()).isEqualTo(10);
      assertThat(stats.queuedObservations()).isZero();
      assertThat(stats.queueCapacity()).isEqualTo(10);
    }
    assertThat(count(scopedQuery(DATASTREAM, g.datastream(), "Observations"))).isEqualTo(10);
  }

  @Test
  void stats_count_committed_and_failed_observations() {
    Graph g = graph(store, "stats");
    IngestStats before = store.ingest().stats();
    join(store.ingest().submit(observation(g.datastream(), g.featureOfInterest(), T0, "1")));
    CompletableFuture<Long> failing =
        store.ingest().submit(observation(Long.MAX_VALUE, g.featureOfInterest(), T0, "1"));
    assertThatThrownBy(failing::join).hasCauseInstanceOf(InvalidInputException.class);
    IngestStats after = store.ingest().stats();
    assertThat(after.committedObservations() - before.committedObservations())
        .isGreaterThanOrEqualTo(1);
    assertThat(after.failedObservations() - before.failedObservations()).isGreaterThanOrEqualTo(1);
    assertThat(after.batches()).isGreaterThan(before.batches());
  }

  @Test
  void closing_commits_what_is_queued_and_a_reopened_store_still_has_it() {
    Graph g = graph(store, "reopen");
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    try (SensingStore second = Storage.open(settings())) {
      for (int i = 0; i < 500; i++) {
        futures.add(
            second
                .ingest()
                .submit(
                    observation(g.datastream(), g.featureOfInterest(), T0.plusSeconds(i), "" + i)));
      }
    }
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    try (SensingStore reopened = Storage.open(settings())) {
      assertThat(
              reopened
                  .query(
                      new EntityQuery(
                          OBSERVATION,
                          Optional.of(new Scope(g.datastream(), nav(DATASTREAM, "Observations"))),
                          List.of(),
                          0,
                          1,
                          true,
                          Set.of()))
                  .totalCount())
          .hasValue(500);
    }
  }

  // ------------------------------------------------------------------------------ time series

  @Test
  void latest_is_the_newest_observation_of_each_datastream_and_skips_the_rest() {
    Graph a = graph(store, "latest-a");
    Graph b = graph(store, "latest-b");
    Graph empty = graph(store, "latest-empty");
    List<NewObservation> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(observation(a.datastream(), a.featureOfInterest(), T0.plusSeconds(i), "" + i));
      batch.add(observation(b.datastream(), b.featureOfInterest(), T0.minusSeconds(i), "" + i));
    }
    join(store.ingest().submitAll(batch));
    Map<Long, Entity> latest =
        store
            .timeSeries()
            .latest(List.of(a.datastream(), b.datastream(), empty.datastream(), Long.MAX_VALUE));
    assertThat(latest).containsOnlyKeys(a.datastream(), b.datastream());
    assertThat(latest.get(a.datastream()).values())
        .containsEntry("result", new Json("9"))
        .containsEntry("phenomenonTime", new TimeValue.Instant(T0.plusSeconds(9)));
    assertThat(latest.get(b.datastream()).value("result")).isEqualTo(new Json("0"));
  }

  @Test
  void latest_handles_more_datastreams_than_one_statement_holds() {
    List<Long> datastreams = new ArrayList<>();
    Graph g = graph(store, "latest-many");
    List<NewObservation> batch = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      int n = i;
      long datastream =
          store.inTransaction(
              tx ->
                  tx.create(
                      SensingFixtures.datastream(
                          "many" + n, g.thing(), g.sensor(), g.observedProperty())));
      datastreams.add(datastream);
      batch.add(observation(datastream, g.featureOfInterest(), T0, "" + n));
    }
    join(store.ingest().submitAll(batch));
    Map<Long, Entity> latest = store.timeSeries().latest(datastreams);
    assertThat(latest).hasSize(70);
    assertThat(latest.get(datastreams.get(69)).value("result")).isEqualTo(new Json("69"));
  }

  @Test
  void aggregates_per_hour_count_min_max_mean_and_sum_and_ignore_non_numeric_results() {
    Graph g = graph(store, "hourly");
    List<NewObservation> batch = new ArrayList<>();
    for (int minute = 0; minute < 120; minute++) {
      batch.add(
          observation(
              g.datastream(), g.featureOfInterest(), T0.plusSeconds(60L * minute), "" + minute));
    }
    batch.add(observation(g.datastream(), g.featureOfInterest(), T0, "\"offline\""));
    batch.add(observation(g.datastream(), g.featureOfInterest(), T0, "{\"v\":1000}"));
    // Outside [from, to): not counted.
    batch.add(observation(g.datastream(), g.featureOfInterest(), T0.minusSeconds(1), "1000"));
    join(store.ingest().submitAll(batch));

    List<Bucket> buckets =
        store
            .timeSeries()
            .aggregate(g.datastream(), T0, T0.plus(Duration.ofHours(2)), BucketWidth.HOUR);

    assertThat(buckets)
        .containsExactly(
            new Bucket(T0, 60, 0, 59, 29.5, 1770),
            new Bucket(T0.plus(Duration.ofHours(1)), 60, 60, 119, 89.5, 5370));
  }

  @Test
  void aggregates_per_calendar_month_and_per_week_from_monday() {
    Graph g = graph(store, "monthly");
    Instant jan31 = Instant.parse("2026-01-31T23:59:59Z");
    Instant feb1 = Instant.parse("2026-02-01T00:00:00Z");
    Instant feb28 = Instant.parse("2026-02-28T12:00:00Z");
    join(
        store
            .ingest()
            .submitAll(
                List.of(
                    observation(g.datastream(), g.featureOfInterest(), jan31, "1"),
                    observation(g.datastream(), g.featureOfInterest(), feb1, "2"),
                    observation(g.datastream(), g.featureOfInterest(), feb28, "4"))));
    Instant from = Instant.parse("2026-01-01T00:00:00Z");
    Instant to = Instant.parse("2026-03-01T00:00:00Z");

    assertThat(store.timeSeries().aggregate(g.datastream(), from, to, BucketWidth.MONTH))
        .containsExactly(new Bucket(from, 1, 1, 1, 1, 1), new Bucket(feb1, 2, 2, 4, 3, 6));
    // 2026-01-31 is a Saturday and 2026-02-01 a Sunday: the same week, from Monday 2026-01-26.
    assertThat(store.timeSeries().aggregate(g.datastream(), from, to, BucketWidth.WEEK))
        .extracting(Bucket::start, Bucket::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-01-26T00:00:00Z"), 2L),
            org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-02-23T00:00:00Z"), 1L));
  }

  @Test
  void latest_and_a_datastreams_observations_by_time_are_read_in_index_order() throws Exception {
    Graph g = graph(store, "explain");
    List<NewObservation> batch = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      batch.add(observation(g.datastream(), g.featureOfInterest(), T0.plusSeconds(i), "" + i));
    }
    join(store.ingest().submitAll(batch));
    var observationColumns = SensingSchema.table(OBSERVATION).properties();
    EntityQuery newestFirst =
        new EntityQuery(
            OBSERVATION,
            Optional.of(new Scope(g.datastream(), nav(DATASTREAM, "Observations"))),
            List.of(new OrderBy("phenomenonTime", true)),
            0,
            10,
            false,
            Set.of());
    String page = QuerySql.of(dialect(), newestFirst, observationColumns).page();
    try (java.sql.Connection connection = connectDirectly()) {
      assertReadsIndexInOrder(
          explain(
              connection,
              JdbcTimeSeries.latestSql(dialect(), 2, observationColumns),
              g.datastream(),
              g.datastream()));
      assertReadsIndexInOrder(explain(connection, page, g.datastream(), 11L, 0L));
    }
  }

  protected Dialect dialect() {
    return Dialect.of(settings().kind());
  }

  /** A connection of its own to this class's database, for EXPLAIN; the test closes it. */
  protected abstract java.sql.Connection connectDirectly() throws java.sql.SQLException;

  /**
   * Asserts that a plan reads {@code observation_datastream_time} in the requested order (no sort
   * of the Datastream's rows), in this engine's plan language.
   */
  protected abstract void assertReadsIndexInOrder(String plan);

  private static String explain(java.sql.Connection connection, String sql, long... parameters)
      throws java.sql.SQLException {
    try (var statement = connection.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
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

  @Test
  void status_reports_the_engine_as_up() {
    var status = store.status();
    assertThat(status.up()).isTrue();
    assertThat(status.engine()).isIn("embedded", "postgres");
  }

  // --------------------------------------------------------------------------------- helpers

  protected Entity find(EntityType type, long id) {
    return store
        .find(type, id, Set.of())
        .orElseThrow(() -> new AssertionError(type.singular() + " " + id + " is missing"));
  }

  protected void assertGone(EntityType type, long id) {
    assertThat(store.find(type, id, Set.of()))
        .as("%s %d should be deleted", type.singular(), id)
        .isEmpty();
  }

  protected void update(long id, org.civitas.sensing.model.EntityDraft changes) {
    store.inTransaction(
        tx -> {
          tx.update(id, changes);
          return null;
        });
  }

  protected void delete(EntityType type, long id) {
    store.inTransaction(
        tx -> {
          tx.delete(type, id);
          return null;
        });
  }

  protected long ingest(Graph g, Instant time, String result) {
    return join(
        store.ingest().submit(observation(g.datastream(), g.featureOfInterest(), time, result)));
  }

  protected static EntityQuery scopedQuery(EntityType parent, long parentId, String navigation) {
    Navigation via = nav(parent, navigation);
    return new EntityQuery(
        via.target(), Optional.of(new Scope(parentId, via)), List.of(), 0, 1000, true, Set.of());
  }

  protected EntityPage scoped(EntityType parent, long parentId, String navigation) {
    return store.query(scopedQuery(parent, parentId, navigation));
  }

  protected long count(EntityQuery query) {
    return store.query(query).totalCount().orElseThrow();
  }

  protected static List<Long> ids(EntityPage page) {
    return page.entities().stream().map(Entity::id).toList();
  }

  protected static <T> T join(CompletableFuture<T> future) {
    await().atMost(Duration.ofSeconds(30)).until(future::isDone);
    return future.join();
  }
}
