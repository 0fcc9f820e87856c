package org.civitas.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.api.ApiClient.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SensorThings API and the time-series extension end to end: a real server on a free port of
 * 127.0.0.1 over a real storage engine. One subclass per engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SensingApiContract {

  static final String MEASUREMENT =
      "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";

  private SensingStore store;
  private CivitasServer server;
  ApiClient api;

  /** Opens a fresh, empty store of the engine under test. */
  abstract SensingStore openStore();

  /** Releases what {@link #openStore()} set up, after the store is closed. */
  void cleanUp() {}

  @BeforeAll
  void startServer() {
    store = openStore();
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    api = new ApiClient(server.start());
  }

  @AfterAll
  void stopServer() {
    server.stop();
    store.close();
    cleanUp();
  }

  // ---------------------------------------------------------------- helpers

  static String datastreamJson(String name) {
    return """
        {"name": "%s", "description": "a stream",
         "observationType": "%s",
         "unitOfMeasurement": {"name": "degree Celsius", "symbol": "degC", "definition": "ucum:Cel"},
         "Sensor": {"name": "%s sensor", "description": "a sensor", "encodingType": "application/pdf",
                    "metadata": "https://example.org/sensor.pdf"},
         "ObservedProperty": {"name": "%s property", "definition": "https://example.org/t",
                              "description": "temperature"}}"""
        .formatted(name, MEASUREMENT, name, name);
  }

  static String thingJson(String name, String... datastreams) {
    return """
        {"name": "%s", "description": "a station", "properties": {"district": "north"},
         "Locations": [{"name": "%s place", "description": "where it stands",
           "encodingType": "application/geo+json",
           "location": {"type": "Point", "coordinates": [2.17, 41.38]}}],
         "Datastreams": [%s]}"""
        .formatted(name, name, String.join(",", datastreams));
  }

  /** Creates a Thing with one Location and one Datastream; returns the Datastream's id. */
  long newDatastream(String name) {
    Answer thing = api.post("/v1.1/Things", thingJson(name, datastreamJson(name)));
    assertThat(thing.status()).as(thing.body()).isEqualTo(201);
    JsonNode streams = api.get("/v1.1/Things(" + thing.id() + ")/Datastreams").json();
    return streams.get("value").get(0).get("@iot.id").asLong();
  }

  Answer postObservation(long datastream, String time, String result) {
    return api.post(
        "/v1.1/Observations",
        """
        {"phenomenonTime": "%s", "result": %s, "Datastream": {"@iot.id": %d}}"""
            .formatted(time, result, datastream));
  }

  long count(String collection) {
    String separator = collection.contains("?") ? "&" : "?";
    Answer answer = api.get(collection + separator + "$count=true&$top=0");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().get("@iot.count").asLong();
  }

  static void assertProblem(Answer answer, int status, String code, String field) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    JsonNode problem = answer.json();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("code").asText()).isEqualTo(code);
    assertThat(problem.get("type").asText()).isEqualTo("urn:civitas:problem:" + code);
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).isNotBlank();
    if (field == null) {
      assertThat(problem.has("field")).isFalse();
    } else {
      assertThat(problem.path("field").asText()).isEqualTo(field);
    }
  }

  // ---------------------------------------------------------------- service root

  @Test
  void service_root_lists_every_entity_set_and_only_implemented_conformance() {
    Answer root = api.get("/v1.1");

    assertThat(root.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    root.json().get("value").forEach(set -> names.add(set.get("name").asText()));
    assertThat(names)
        .containsExactly(
            "Things",
            "Locations",
            "HistoricalLocations",
            "Sensors",
            "ObservedProperties",
            "Datastreams",
            "MultiDatastreams",
            "Observations",
            "FeaturesOfInterest",
            "Actuators",
            "TaskingCapabilities",
            "Tasks");
    assertThat(root.json().get("value").get(0).get("url").asText())
        .isEqualTo(api.base() + "/v1.1/Things");
    List<String> conformance = new ArrayList<>();
    root.json().at("/serverSettings/conformance").forEach(c -> conformance.add(c.asText()));
    assertThat(conformance)
        .contains(
            "http://www.opengis.net/spec/iot_sensing/1.1/req/create-update-delete",
            "http://www.opengis.net/spec/iot_sensing/1.1/req/request-data");
  }

  @Test
  void the_1_0_alias_lists_the_sensing_entity_sets_and_keeps_links_below_v1_0() {
    Answer root = api.get("/v1.0");

    assertThat(root.status()).isEqualTo(200);
    List<String> names = new ArrayList<>();
    root.json().get("value").forEach(set -> names.add(set.get("name").asText()));
    assertThat(names)
        .containsExactly(
            "Things",
            "Locations",
            "HistoricalLocations",
            "Sensors",
            "ObservedProperties",
            "Datastreams",
            "MultiDatastreams",
            "Observations",
            "FeaturesOfInterest");
    assertThat(root.json().get("value").get(0).get("url").asText())
        .isEqualTo(api.base() + "/v1.0/Things");
    assertThat(root.json().has("serverSettings")).isFalse();

    Answer created = api.post("/v1.0/Things", thingJson("Old client"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.location()).isEqualTo(api.base() + "/v1.0/Things(" + created.id() + ")");
    JsonNode read = api.get("/v1.0/Things(" + created.id() + ")?$expand=Locations").json();
    assertThat(read.get("@iot.selfLink").asText())
        .isEqualTo(api.base() + "/v1.0/Things(" + created.id() + ")");
    assertThat(read.at("/Locations/0/@iot.selfLink").asText()).startsWith(api.base() + "/v1.0/");
    assertThat(api.get("/v1.1/Things(" + created.id() + ")").json().get("name").asText())
        .isEqualTo("Old client");
    assertThat(
            api.patch("/v1.0/Things(" + created.id() + ")", "{\"description\": \"d2\"}").status())
        .isEqualTo(200);
    assertThat(api.delete("/v1.0/Things(" + created.id() + ")").status()).isEqualTo(200);
    assertThat(api.get("/v1.1/Things(" + created.id() + ")").status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- deep insert and rules

  @Test
  void deep_insert_creates_a_thing_with_its_location_datastreams_sensor_and_observed_property() {
    Answer created =
        api.post(
            "/v1.1/Things", thingJson("Deep", datastreamJson("Deep A"), datastreamJson("Deep B")));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long thing = created.id();
    assertThat(created.location()).isEqualTo(api.base() + "/v1.1/Things(" + thing + ")");
    JsonNode body = created.json();
    assertThat(body.get("@iot.selfLink").asText()).isEqualTo(created.location());
    assertThat(body.get("name").asText()).isEqualTo("Deep");
    assertThat(body.get("properties").get("district").asText()).isEqualTo("north");
    assertThat(body.get("Datastreams@iot.navigationLink").asText())
        .isEqualTo(created.location() + "/Datastreams");

    assertThat(count("/v1.1/Things(" + thing + ")/Locations")).isEqualTo(1);
    JsonNode streams = api.get("/v1.1/Things(" + thing + ")/Datastreams?$orderby=name").json();
    assertThat(streams.get("value")).hasSize(2);
    long first = streams.get("value").get(0).get("@iot.id").asLong();
    assertThat(streams.get("value").get(0).get("name").asText()).isEqualTo("Deep A");
    assertThat(api.get("/v1.1/Datastreams(" + first + ")/Sensor").json().get("name").asText())
        .isEqualTo("Deep A sensor");
    assertThat(api.get("/v1.1/Datastreams(" + first + ")/ObservedProperty/name/$value").body())
        .isEqualTo("Deep A property");
  }

  @Test
  void a_thing_that_gets_locations_gets_a_historical_location() {
    Answer created = api.post("/v1.1/Things", thingJson("Mover"));
    long thing = created.id();

    JsonNode history = api.get("/v1.1/Things(" + thing + ")/HistoricalLocations").json();
    assertThat(history.get("value")).hasSize(1);
    long historical = history.get("value").get(0).get("@iot.id").asLong();
    assertThat(history.get("value").get(0).get("time").asText()).isNotBlank();
    assertThat(count("/v1.1/HistoricalLocations(" + historical + ")/Locations")).isEqualTo(1);

    Answer moved =
        api.post(
            "/v1.1/Things(" + thing + ")/Locations",
            """
            {"name": "new place", "description": "moved", "encodingType": "application/geo+json",
             "location": {"type": "Point", "coordinates": [1, 2]}}""");
    assertThat(moved.status()).as(moved.body()).isEqualTo(201);
    assertThat(count("/v1.1/Things(" + thing + ")/HistoricalLocations")).isEqualTo(2);
    assertThat(count("/v1.1/Things(" + thing + ")/Locations")).isEqualTo(2);
  }

  @Test
  void a_failing_deep_insert_changes_nothing() {
    long things = count("/v1.1/Things");
    long sensors = count("/v1.1/Sensors");
    long locations = count("/v1.1/Locations");
    String broken =
        datastreamJson("Broken").replace("\"Sensor\": {\"name\"", "\"Sensor\": {\"nom\"");

    Answer answer = api.post("/v1.1/Things", thingJson("Broken", datastreamJson("Fine"), broken));

    assertProblem(answer, 400, "invalid", "Datastreams[1].Sensor.nom");
    assertThat(count("/v1.1/Things")).isEqualTo(things);
    assertThat(count("/v1.1/Sensors")).isEqualTo(sensors);
    assertThat(count("/v1.1/Locations")).isEqualTo(locations);
  }

  @Test
  void a_deep_insert_linking_a_missing_entity_changes_nothing() {
    long things = count("/v1.1/Things");
    long sensors = count("/v1.1/Sensors");
    String linked =
        datastreamJson("Dangling")
            .replaceAll(
                "\"ObservedProperty\": \\{[^}]*}", "\"ObservedProperty\": {\"@iot.id\": 999999}");

    Answer answer = api.post("/v1.1/Things", thingJson("Dangling", linked));

    assertThat(answer.status()).as(answer.body()).isIn(400, 404);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(count("/v1.1/Things")).isEqualTo(things);
    assertThat(count("/v1.1/Sensors")).isEqualTo(sensors);
  }

  // ---------------------------------------------------------------- observations

  @Test
  void a_deep_insert_may_carry_observations_which_get_the_things_feature_of_interest() {
    String datastream =
        datastreamJson("WithObservations")
            .replace(
                "\"Sensor\":",
                "\"Observations\": [{\"phenomenonTime\": \"2026-04-01T00:00:00Z\", \"result\": 1},"
                    + " {\"phenomenonTime\": \"2026-04-01T00:01:00Z\", \"result\": 2}],"
                    + " \"Sensor\":");

    Answer created = api.post("/v1.1/Things", thingJson("WithObservations", datastream));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long stream =
        api.get("/v1.1/Things(" + created.id() + ")/Datastreams")
            .json()
            .at("/value/0/@iot.id")
            .asLong();
    JsonNode observations =
        api.get("/v1.1/Datastreams(" + stream + ")/Observations?$orderby=phenomenonTime").json();
    assertThat(observations.get("value")).hasSize(2);
    long first = observations.at("/value/0/@iot.id").asLong();
    long second = observations.at("/value/1/@iot.id").asLong();
    assertThat(api.get("/v1.1/Observations(" + first + ")/FeatureOfInterest").id())
        .isEqualTo(api.get("/v1.1/Observations(" + second + ")/FeatureOfInterest").id());
  }

  @Test
  void a_thing_that_moves_gets_a_new_feature_of_interest_for_new_observations() {
    long datastream = newDatastream("Moving");
    long thing = api.get("/v1.1/Datastreams(" + datastream + ")/Thing").id();
    long before = postObservation(datastream, "2026-06-01T00:00:00Z", "1").id();
    long newPlace =
        api.post(
                "/v1.1/Locations",
                """
                {"name": "harbour", "description": "moved", "encodingType": "application/geo+json",
                 "location": {"type": "Point", "coordinates": [5, 6]}}""")
            .id();

    Answer moved =
        api.patch(
            "/v1.1/Things(" + thing + ")", "{\"Locations\": [{\"@iot.id\": " + newPlace + "}]}");
    long after = postObservation(datastream, "2026-06-01T00:01:00Z", "2").id();

    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(count("/v1.1/Things(" + thing + ")/HistoricalLocations")).isEqualTo(2);
    JsonNode oldFeature = api.get("/v1.1/Observations(" + before + ")/FeatureOfInterest").json();
    JsonNode newFeature = api.get("/v1.1/Observations(" + after + ")/FeatureOfInterest").json();
    assertThat(newFeature.get("@iot.id")).isNotEqualTo(oldFeature.get("@iot.id"));
    assertThat(newFeature.at("/feature/coordinates/0").asInt()).isEqualTo(5);
  }

  @Test
  void new_locations_of_a_thing_replace_the_old_ones_which_stay_in_its_history() {
    long datastream = newDatastream("Relocated");
    long thing = api.get("/v1.1/Datastreams(" + datastream + ")/Thing").id();
    long oldPlace =
        api.get("/v1.1/Things(" + thing + ")/Locations").json().at("/value/0/@iot.id").asLong();
    long newPlace =
        api.post(
                "/v1.1/Locations",
                """
                {"name": "depot", "description": "moved", "encodingType": "application/geo+json",
                 "location": {"type": "Point", "coordinates": [7, 8]}}""")
            .id();

    Answer moved =
        api.patch(
            "/v1.1/Things(" + thing + ")", "{\"Locations\": [{\"@iot.id\": " + newPlace + "}]}");

    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    JsonNode locations = api.get("/v1.1/Things(" + thing + ")/Locations").json().get("value");
    assertThat(locations).hasSize(1);
    assertThat(locations.get(0).get("@iot.id").asLong()).isEqualTo(newPlace);
    assertThat(api.get("/v1.1/Locations(" + oldPlace + ")").status()).isEqualTo(200);
    List<Long> historyPlaces = new ArrayList<>();
    api.get("/v1.1/Things(" + thing + ")/HistoricalLocations?$expand=Locations")
        .json()
        .get("value")
        .forEach(
            h -> h.get("Locations").forEach(l -> historyPlaces.add(l.get("@iot.id").asLong())));
    assertThat(historyPlaces).containsExactlyInAnyOrder(oldPlace, newPlace);
    long observation = postObservation(datastream, "2026-06-02T00:00:00Z", "1").id();
    assertThat(
            api.get("/v1.1/Observations(" + observation + ")/FeatureOfInterest")
                .json()
                .at("/feature/coordinates/0")
                .asInt())
        .isEqualTo(7);
  }

  @Test
  void a_numeric_result_compared_with_a_text_literal_is_compared_as_its_decimal_text() {
    long datastream = newDatastream("Textual");
    long two = postObservation(datastream, "2026-06-03T00:00:00Z", "2").id();
    long ten = postObservation(datastream, "2026-06-03T00:01:00Z", "10").id();
    long threeAndHalf = postObservation(datastream, "2026-06-03T00:02:00Z", "3.5").id();
    String observations = "/v1.1/Datastreams(" + datastream + ")/Observations";

    assertThat(filteredIds(observations, "result eq '2'")).containsExactly(two);
    assertThat(filteredIds(observations, "result ne '2'"))
        .containsExactlyInAnyOrder(ten, threeAndHalf);
    // As text "10" < "3" < "3.5": the order of the literal's type, as the OGC test suite expects.
    assertThat(filteredIds(observations, "result gt '3'")).containsExactly(threeAndHalf);
    assertThat(filteredIds(observations, "result gt 3"))
        .containsExactlyInAnyOrder(ten, threeAndHalf);
  }

  private List<Long> filteredIds(String collection, String filter) {
    Answer answer =
        api.get(
            collection
                + "?$filter="
                + java.net.URLEncoder.encode(filter, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    answer.json().get("value").forEach(e -> ids.add(e.get("@iot.id").asLong()));
    return ids;
  }

  @Test
  void an_observation_for_a_thing_without_location_needs_a_feature_of_interest() {
    Answer thing = api.post("/v1.1/Things", "{\"name\": \"Nowhere\", \"description\": \"d\"}");
    String datastream =
        datastreamJson("Nowhere")
            .replaceFirst("\\{", "{\"Thing\": {\"@iot.id\": " + thing.id() + "}, ");
    long stream = api.post("/v1.1/Datastreams", datastream).id();

    assertProblem(
        postObservation(stream, "2026-01-01T00:00:00Z", "1"), 400, "invalid", "FeatureOfInterest");
    long feature =
        api.post(
                "/v1.1/FeaturesOfInterest",
                """
                {"name": "lake", "description": "d", "encodingType": "application/geo+json",
                 "feature": {"type": "Point", "coordinates": [0, 0]}}""")
            .id();
    Answer observed =
        api.post(
            "/v1.1/Observations",
            "{\"result\": 1, \"Datastream\": {\"@iot.id\": %d}, \"FeatureOfInterest\": {\"@iot.id\": %d}}"
                .formatted(stream, feature));
    assertThat(observed.status()).as(observed.body()).isEqualTo(201);
    assertThat(api.get("/v1.1/Observations(" + observed.id() + ")/FeatureOfInterest").id())
        .isEqualTo(feature);
  }

  @Test
  void observations_get_a_feature_of_interest_from_the_location_and_share_it() {
    long datastream = newDatastream("Features");

    Answer first = postObservation(datastream, "2026-01-01T00:00:00Z", "1.5");
    Answer second = postObservation(datastream, "2026-01-01T00:01:00Z", "2.5");

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.location()).isEqualTo(api.base() + "/v1.1/Observations(" + first.id() + ")");
    assertThat(first.json().get("result").asDouble()).isEqualTo(1.5);
    JsonNode feature1 = api.get("/v1.1/Observations(" + first.id() + ")/FeatureOfInterest").json();
    JsonNode feature2 = api.get("/v1.1/Observations(" + second.id() + ")/FeatureOfInterest").json();
    assertThat(feature1.get("@iot.id")).isEqualTo(feature2.get("@iot.id"));
    assertThat(feature1.get("feature").get("type").asText()).isEqualTo("Point");
  }

  @Test
  void an_observation_without_phenomenon_time_gets_the_server_time() {
    long datastream = newDatastream("NoTime");

    Answer created =
        api.post(
            "/v1.1/Observations",
            "{\"result\": 3, \"Datastream\": {\"@iot.id\": " + datastream + "}}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("phenomenonTime").asText()).endsWith("Z");
  }

  @Test
  void posting_to_a_navigation_path_links_the_new_observation() {
    long datastream = newDatastream("Navigated");

    Answer created =
        api.post(
            "/v1.1/Datastreams(" + datastream + ")/Observations",
            "{\"phenomenonTime\": \"2026-02-01T00:00:00Z\", \"result\": 7}");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(
            api.get("/v1.1/Observations(" + created.id() + ")/Datastream")
                .json()
                .get("@iot.id")
                .asLong())
        .isEqualTo(datastream);
  }

  @Test
  void observations_come_back_in_order_page_by_page() {
    long datastream = newDatastream("Paged");
    for (int minute = 4; minute >= 0; minute--) {
      assertThat(
              postObservation(datastream, "2026-03-01T00:0" + minute + ":00Z", "" + minute)
                  .status())
          .isEqualTo(201);
    }
    String collection = "/v1.1/Datastreams(" + datastream + ")/Observations";

    JsonNode page =
        api.get(collection + "?$orderby=phenomenonTime%20asc&$top=2&$count=true&$select=result")
            .json();

    assertThat(page.get("@iot.count").asLong()).isEqualTo(5);
    assertThat(page.get("value")).hasSize(2);
    assertThat(page.get("value").get(0).get("result").asInt()).isEqualTo(0);
    assertThat(page.get("value").get(0).has("phenomenonTime")).isFalse();
    List<Integer> results = new ArrayList<>();
    page.get("value").forEach(o -> results.add(o.get("result").asInt()));
    String next = page.get("@iot.nextLink").asText();
    assertThat(next).startsWith(api.base() + "/v1.1/Datastreams(" + datastream + ")/Observations?");
    while (next != null) {
      JsonNode more = api.get(next).json();
      more.get("value").forEach(o -> results.add(o.get("result").asInt()));
      next = more.has("@iot.nextLink") ? more.get("@iot.nextLink").asText() : null;
    }
    assertThat(results).containsExactly(0, 1, 2, 3, 4);

    JsonNode descending =
        api.get(collection + "?$orderby=phenomenonTime%20desc&$skip=1&$top=1").json();
    assertThat(descending.get("value").get(0).get("result").asInt()).isEqualTo(3);
    JsonNode countOnly = api.get(collection + "?$top=0&$count=true").json();
    assertThat(countOnly.get("@iot.count").asLong()).isEqualTo(5);
    assertThat(countOnly.get("value")).isEmpty();
    assertThat(countOnly.has("@iot.nextLink")).isFalse();
  }

  // ---------------------------------------------------------------- paths

  @Test
  void a_path_through_entities_that_are_not_linked_is_not_found() {
    long mine = newDatastream("Mine");
    long theirs = newDatastream("Theirs");
    long myThing = api.get("/v1.1/Datastreams(" + mine + ")/Thing").id();

    assertThat(api.get("/v1.1/Things(" + myThing + ")/Datastreams(" + mine + ")").status())
        .isEqualTo(200);
    assertProblem(
        api.get("/v1.1/Things(" + myThing + ")/Datastreams(" + theirs + ")/Observations"),
        404,
        "not-found",
        "path");
    assertProblem(api.get("/v1.1/Things(999999)/Datastreams"), 404, "not-found", "path");
    assertProblem(
        api.get("/v1.1/Things(" + myThing + ")/Datastreams(" + mine + ")/Observations(999999)"),
        404,
        "not-found",
        "path");
  }

  @Test
  void reads_a_property_its_raw_value_and_links() {
    long thing = api.post("/v1.1/Things", thingJson("Props")).id();

    assertThat(api.get("/v1.1/Things(" + thing + ")/name").json().get("name").asText())
        .isEqualTo("Props");
    Answer raw = api.get("/v1.1/Things(" + thing + ")/name/$value");
    assertThat(raw.body()).isEqualTo("Props");
    assertThat(raw.contentType()).startsWith("text/plain");
    JsonNode refs = api.get("/v1.1/Things(" + thing + ")/Locations/$ref").json();
    assertThat(refs.get("value").get(0).get("@iot.selfLink").asText())
        .startsWith(api.base() + "/v1.1/Locations(");
    assertThat(refs.get("value").get(0).size()).isEqualTo(1);
  }

  @Test
  void unknown_urls_are_problems() {
    assertProblem(api.get("/v1.1/Gadgets"), 404, "not-found", "path");
    assertProblem(api.get("/nothing/here"), 404, "not-found", null);
  }

  // ---------------------------------------------------------------- update and delete

  @Test
  void patch_changes_only_what_it_names_and_relinks() {
    long datastream = newDatastream("Patched");
    long otherThing = api.post("/v1.1/Things", thingJson("Other owner")).id();

    Answer patched =
        api.patch(
            "/v1.1/Datastreams(" + datastream + ")",
            "{\"description\": \"changed\", \"Thing\": {\"@iot.id\": " + otherThing + "}}");

    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().get("description").asText()).isEqualTo("changed");
    assertThat(patched.json().get("name").asText()).isEqualTo("Patched");
    assertThat(api.get("/v1.1/Datastreams(" + datastream + ")/Thing").id()).isEqualTo(otherThing);
  }

  @Test
  void patch_with_an_invalid_value_changes_nothing() {
    long datastream = newDatastream("Unpatched");

    Answer answer =
        api.patch("/v1.1/Datastreams(" + datastream + ")", "{\"observationType\": \"guess\"}");

    assertProblem(answer, 400, "invalid", "observationType");
    assertThat(api.get("/v1.1/Datastreams(" + datastream + ")/observationType/$value").body())
        .isEqualTo(MEASUREMENT);
  }

  @Test
  void delete_removes_the_entity() {
    long thing = api.post("/v1.1/Things", thingJson("Doomed")).id();

    assertThat(api.delete("/v1.1/Things(" + thing + ")").status()).isEqualTo(200);
    assertProblem(api.get("/v1.1/Things(" + thing + ")"), 404, "not-found", "path");
    assertProblem(api.delete("/v1.1/Things(" + thing + ")"), 404, "not-found", "path");
  }

  @Test
  void every_entity_type_can_be_created_read_updated_and_deleted() {
    long datastream = newDatastream("Crud");
    long thing = api.get("/v1.1/Datastreams(" + datastream + ")/Thing").id();
    long observation = postObservation(datastream, "2026-07-01T00:00:00Z", "1").id();
    String place = "{\"type\": \"Point\", \"coordinates\": [1, 1]}";
    java.util.Map<String, String> bodies = new java.util.LinkedHashMap<>();
    bodies.put("Things", "{\"name\": \"n\", \"description\": \"d\"}");
    bodies.put(
        "Locations",
        "{\"name\": \"n\", \"description\": \"d\", \"encodingType\": \"application/geo+json\","
            + " \"location\": "
            + place
            + "}");
    bodies.put(
        "Sensors",
        "{\"name\": \"n\", \"description\": \"d\", \"encodingType\": \"text/html\","
            + " \"metadata\": \"https://example.org\"}");
    bodies.put(
        "ObservedProperties", "{\"name\": \"n\", \"description\": \"d\", \"definition\": \"x\"}");
    bodies.put(
        "FeaturesOfInterest",
        "{\"name\": \"n\", \"description\": \"d\", \"encodingType\": \"application/geo+json\","
            + " \"feature\": "
            + place
            + "}");
    bodies.put(
        "HistoricalLocations",
        "{\"time\": \"2026-01-01T00:00:00Z\", \"Thing\": {\"@iot.id\": " + thing + "}}");

    for (var entry : bodies.entrySet()) {
      String set = "/v1.1/" + entry.getKey();
      Answer created = api.post(set, entry.getValue());
      assertThat(created.status()).as(set + " " + created.body()).isEqualTo(201);
      String self = set + "(" + created.id() + ")";
      assertThat(api.get(self).status()).as(self).isEqualTo(200);
      String change =
          entry.getKey().equals("HistoricalLocations")
              ? "{\"time\": \"2026-01-02T00:00:00Z\"}"
              : "{\"description\": \"changed\"}";
      Answer patched = api.patch(self, change);
      assertThat(patched.status()).as(self + " " + patched.body()).isEqualTo(200);
      assertThat(api.delete(self).status()).as(self).isEqualTo(200);
      assertThat(api.get(self).status()).as(self).isEqualTo(404);
    }

    Answer patchedObservation =
        api.patch("/v1.1/Observations(" + observation + ")", "{\"result\": 2.5}");
    assertThat(patchedObservation.json().get("result").asDouble()).isEqualTo(2.5);
    assertProblem(
        api.patch("/v1.1/Observations(" + observation + ")", "{\"result\": \"warm\"}"),
        400,
        "invalid",
        "result");
    assertThat(api.delete("/v1.1/Observations(" + observation + ")").status()).isEqualTo(200);
    assertThat(api.delete("/v1.1/Datastreams(" + datastream + ")").status()).isEqualTo(200);
    assertThat(api.get("/v1.1/Datastreams(" + datastream + ")").status()).isEqualTo(404);
  }

  @Test
  void methods_that_do_not_fit_the_path_are_refused() {
    long thing = api.post("/v1.1/Things", thingJson("Methods")).id();

    assertProblem(api.post("/v1.1/Things(" + thing + ")", "{}"), 405, "method-not-allowed", null);
    assertProblem(api.patch("/v1.1/Things", "{}"), 405, "method-not-allowed", null);
    assertProblem(api.delete("/v1.1/Things"), 405, "method-not-allowed", null);
  }

  // ---------------------------------------------------------------- bad input changes nothing

  @Test
  void rejects_an_observation_without_result_and_stores_nothing() {
    long datastream = newDatastream("NoResult");
    String observations = "/v1.1/Datastreams(" + datastream + ")/Observations";

    Answer answer =
        api.post(
            "/v1.1/Observations",
            "{\"phenomenonTime\": \"2026-01-01T00:00:00Z\", \"Datastream\": {\"@iot.id\": "
                + datastream
                + "}}");

    assertProblem(answer, 400, "invalid", "result");
    assertThat(count(observations)).isZero();
  }

  @Test
  void rejects_an_unparsable_phenomenon_time_and_stores_nothing() {
    long datastream = newDatastream("BadTime");

    Answer answer = postObservation(datastream, "half past nine", "1");

    assertProblem(answer, 400, "invalid", "phenomenonTime");
    assertThat(count("/v1.1/Datastreams(" + datastream + ")/Observations")).isZero();
  }

  @Test
  void rejects_an_observation_of_a_datastream_that_does_not_exist() {
    long observations = count("/v1.1/Observations");

    assertProblem(
        postObservation(999_999, "2026-01-01T00:00:00Z", "1"), 400, "invalid", "Datastream");
    assertProblem(
        api.post("/v1.1/Datastreams(999999)/Observations", "{\"result\": 1}"),
        404,
        "not-found",
        "path");
    assertThat(count("/v1.1/Observations")).isEqualTo(observations);
  }

  @Test
  void rejects_a_body_that_is_not_json_and_stores_nothing() {
    long things = count("/v1.1/Things");

    Answer answer = api.post("/v1.1/Things", "{\"name\": \"half");

    assertProblem(answer, 400, "invalid", null);
    assertThat(answer.json().get("detail").asText()).contains("not valid JSON");
    assertThat(count("/v1.1/Things")).isEqualTo(things);
  }

  @Test
  void rejects_an_unknown_property_and_stores_nothing() {
    long things = count("/v1.1/Things");

    Answer answer =
        api.post("/v1.1/Things", "{\"name\": \"a\", \"description\": \"b\", \"colour\": \"red\"}");

    assertProblem(answer, 400, "invalid", "colour");
    assertThat(count("/v1.1/Things")).isEqualTo(things);
  }

  @Test
  void rejects_a_result_that_does_not_fit_the_observation_type() {
    long datastream = newDatastream("Typed");

    assertProblem(
        postObservation(datastream, "2026-01-01T00:00:00Z", "\"warm\""), 400, "invalid", "result");
  }

  @Test
  void rejects_bad_query_options_naming_them() {
    assertProblem(api.get("/v1.1/Things?$top=-1"), 400, "invalid", "$top");
    assertProblem(api.get("/v1.1/Things?$orderby=colour"), 400, "invalid", "$orderby");
    assertProblem(api.get("/v1.1/Things?$filter=name%20eq"), 400, "invalid", "$filter");
  }

  // ---------------------------------------------------------------- multi datastreams

  @Test
  void a_multi_datastream_checks_the_length_of_results() {
    long thing = api.post("/v1.1/Things", thingJson("Multi")).id();
    String multi =
        """
        {"name": "wind", "description": "speed and direction",
         "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_ComplexObservation",
         "multiObservationDataTypes": ["%s", "%s"],
         "unitOfMeasurements": [{"name": "m/s", "symbol": "m/s", "definition": "x"},
                                {"name": "degree", "symbol": "deg", "definition": "y"}],
         "Thing": {"@iot.id": %d},
         "Sensor": {"name": "anemometer", "description": "d", "encodingType": "application/pdf",
                    "metadata": "m"},
         "ObservedProperties": [
           {"name": "wind speed", "definition": "s", "description": "s"},
           {"name": "wind direction", "definition": "d", "description": "d"}]}"""
            .formatted(MEASUREMENT, MEASUREMENT, thing);
    Answer created = api.post("/v1.1/MultiDatastreams", multi);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String observations = "/v1.1/MultiDatastreams(" + created.id() + ")/Observations";

    assertThat(api.post(observations, "{\"result\": [3.5, 270]}").status()).isEqualTo(201);
    assertProblem(api.post(observations, "{\"result\": [3.5]}"), 400, "invalid", "result");
    assertThat(count(observations)).isEqualTo(1);
  }

  // ---------------------------------------------------------------- time-series extension

  @Test
  void batch_ingest_latest_and_aggregate_work_together() {
    long datastream = newDatastream("Series");
    long quiet = newDatastream("Quiet");
    StringBuilder batch = new StringBuilder("[");
    for (int minute = 0; minute < 120; minute++) {
      batch
          .append(minute == 0 ? "" : ",")
          .append(
              "{\"phenomenonTime\": \"2026-05-01T%02d:%02d:00Z\", \"result\": %d}"
                  .formatted(minute / 60, minute % 60, minute));
    }
    batch.append(']');

    Answer ingested =
        api.post("/api/v1/datastreams/" + datastream + "/observations", batch.toString());

    assertThat(ingested.status()).as(ingested.body()).isEqualTo(201);
    assertThat(ingested.json().get("ids")).hasSize(120);
    assertThat(count("/v1.1/Datastreams(" + datastream + ")/Observations")).isEqualTo(120);

    JsonNode latest = api.get("/api/v1/latest?datastreams=" + datastream + "," + quiet).json();
    assertThat(latest.get("value")).hasSize(1);
    assertThat(latest.get("value").get(0).get("datastream").asLong()).isEqualTo(datastream);
    assertThat(latest.at("/value/0/observation/result").asInt()).isEqualTo(119);
    assertThat(latest.get("missing").get(0).asLong()).isEqualTo(quiet);

    JsonNode aggregate =
        api.get(
                "/api/v1/datastreams/"
                    + datastream
                    + "/aggregate?from=2026-05-01T00:00:00Z&to=2026-05-01T02:00:00Z&bucket=1h")
            .json();
    JsonNode buckets = aggregate.get("buckets");
    assertThat(buckets).hasSize(2);
    assertThat(buckets.get(0).get("start").asText()).isEqualTo("2026-05-01T00:00:00Z");
    assertThat(buckets.get(0).get("count").asLong()).isEqualTo(60);
    assertThat(buckets.get(0).get("min").asDouble()).isEqualTo(0);
    assertThat(buckets.get(0).get("max").asDouble()).isEqualTo(59);
    assertThat(buckets.get(0).get("sum").asDouble()).isEqualTo(1770);
    assertThat(buckets.get(1).get("mean").asDouble()).isEqualTo(89.5);
  }

  @Test
  void a_batch_with_one_bad_observation_stores_none() {
    long datastream = newDatastream("BadBatch");

    Answer answer =
        api.post(
            "/api/v1/datastreams/" + datastream + "/observations",
            """
            [{"phenomenonTime": "2026-05-01T00:00:00Z", "result": 1},
             {"phenomenonTime": "2026-05-01T00:01:00Z"}]""");

    assertProblem(answer, 400, "invalid", "[1].result");
    assertThat(count("/v1.1/Datastreams(" + datastream + ")/Observations")).isZero();
  }

  @Test
  void time_series_requests_are_validated() {
    long datastream = newDatastream("Validated");
    String aggregate = "/api/v1/datastreams/" + datastream + "/aggregate";

    assertProblem(api.get("/api/v1/latest"), 400, "invalid", "datastreams");
    assertProblem(api.get("/api/v1/latest?datastreams=1,x"), 400, "invalid", "datastreams");
    assertProblem(
        api.get(aggregate + "?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&bucket=2h"),
        400,
        "invalid",
        "bucket");
    assertProblem(
        api.get(aggregate + "?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=1h"),
        400,
        "invalid",
        "to");
    assertProblem(
        api.get(
            "/api/v1/datastreams/999999/aggregate?from=2026-01-01T00:00:00Z"
                + "&to=2026-01-02T00:00:00Z&bucket=1h"),
        404,
        "not-found",
        "id");
    assertProblem(
        api.post("/api/v1/datastreams/999999/observations", "[{\"result\": 1}]"),
        404,
        "not-found",
        "path");
    assertProblem(
        api.post("/api/v1/datastreams/" + datastream + "/observations", "{\"result\": 1}"),
        400,
        "invalid",
        null);
  }
}
