package org.civitas.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civitas.server.api.SensingApiContract.assertProblem;
import static org.civitas.server.api.SensingApiContract.datastreamJson;
import static org.civitas.server.api.SensingApiContract.thingJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * {@code $expand}, {@code $count}, {@code $resultFormat=dataArray}, CreateObservations and JSON
 * {@code $batch} end to end: a real server on a free port of 127.0.0.1 over a real storage engine.
 * One subclass per engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RequestDataApiContract {

  private SensingStore store;
  private CivitasServer server;
  ApiClient api;

  abstract SensingStore openStore();

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

  /** Creates a Thing with the named Datastreams; returns the Thing's id. */
  long newThing(String name, String... datastreamNames) {
    List<String> streams = new ArrayList<>();
    for (String stream : datastreamNames) {
      streams.add(datastreamJson(stream));
    }
    Answer thing = api.post("/v1.1/Things", thingJson(name, streams.toArray(String[]::new)));
    assertThat(thing.status()).as(thing.body()).isEqualTo(201);
    return thing.id();
  }

  List<Long> datastreamsOf(long thing) {
    List<Long> ids = new ArrayList<>();
    api.get("/v1.1/Things(" + thing + ")/Datastreams?$orderby=name")
        .json()
        .get("value")
        .forEach(d -> ids.add(d.get("@iot.id").asLong()));
    return ids;
  }

  long observe(long datastream, String time, String result) {
    Answer answer =
        api.post(
            "/v1.1/Datastreams(" + datastream + ")/Observations",
            """
            {"phenomenonTime": "%s", "result": %s}"""
                .formatted(time, result));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.id();
  }

  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  Answer get(String path, String query) {
    return api.get(path + "?" + query);
  }

  @Test
  void service_root_declares_data_array_but_not_the_multipart_batch_class() {
    List<String> conformance = new ArrayList<>();
    api.get("/v1.1")
        .json()
        .at("/serverSettings/conformance")
        .forEach(c -> conformance.add(c.asText()));

    assertThat(conformance)
        .contains("http://www.opengis.net/spec/iot_sensing/1.1/req/data-array/data-array")
        .noneMatch(c -> c.contains("/req/batch-request"));
  }

  // ---------------------------------------------------------------- $expand and $count

  @Test
  void expands_datastreams_with_nested_select_orderby_top_count_and_expand() {
    long thing = newThing("expand-nested", "a-stream", "b-stream", "c-stream");
    for (long datastream : datastreamsOf(thing)) {
      observe(datastream, "2026-01-01T00:00:00Z", "1");
      observe(datastream, "2026-01-01T00:02:00Z", "3");
      observe(datastream, "2026-01-01T00:01:00Z", "2");
    }

    Answer answer =
        get(
            "/v1.1/Things(" + thing + ")",
            "$expand="
                + encode(
                    "Datastreams($select=name;$orderby=name desc;$top=2;$count=true;"
                        + "$expand=Observations($top=1;$orderby=phenomenonTime desc))"));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode body = answer.json();
    assertThat(body.get("name").asText()).isEqualTo("expand-nested");
    assertThat(body.get("Datastreams@iot.count").asLong()).isEqualTo(3);
    JsonNode streams = body.get("Datastreams");
    assertThat(streams).hasSize(2);
    assertThat(streams.get(0).get("name").asText()).isEqualTo("c-stream");
    assertThat(streams.get(1).get("name").asText()).isEqualTo("b-stream");
    assertThat(streams.get(0).has("description")).isFalse();
    JsonNode latest = streams.get(0).get("Observations");
    assertThat(latest).hasSize(1);
    assertThat(latest.get(0).get("result").asInt()).isEqualTo(3);
    assertThat(streams.get(0).get("Observations@iot.nextLink").asText())
        .contains("/Observations?")
        .contains("$top=1&$skip=1");

    Answer next = api.get(body.get("Datastreams@iot.nextLink").asText());
    assertThat(next.status()).as(next.body()).isEqualTo(200);
    JsonNode rest = next.json().get("value");
    assertThat(rest).hasSize(1);
    assertThat(rest.get(0).get("name").asText()).isEqualTo("a-stream");
    assertThat(rest.get(0).get("Observations").get(0).get("result").asInt()).isEqualTo(3);
    assertThat(next.json().get("@iot.count").asLong()).isEqualTo(3);
  }

  @Test
  void filters_inside_expansions_with_quoted_separators() {
    long thing = newThing("expand-filter", "f;a", "f(b)", "f,c");
    for (long datastream : datastreamsOf(thing)) {
      observe(datastream, "2026-01-02T00:00:00Z", "1");
      observe(datastream, "2026-01-02T00:01:00Z", "5");
    }

    Answer answer =
        get(
            "/v1.1/Things(" + thing + ")",
            "$expand="
                + encode(
                    "Datastreams($filter=name eq 'f;a' or name eq 'f(b)';$orderby=name;"
                        + "$count=true;$expand=Observations($filter=result gt 2;$count=true))"));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode streams = answer.json().get("Datastreams");
    assertThat(answer.json().get("Datastreams@iot.count").asLong()).isEqualTo(2);
    assertThat(streams.get(0).get("name").asText()).isEqualTo("f(b)");
    assertThat(streams.get(1).get("name").asText()).isEqualTo("f;a");
    assertThat(streams.get(0).get("Observations@iot.count").asLong()).isEqualTo(1);
    assertThat(streams.get(0).get("Observations").get(0).get("result").asInt()).isEqualTo(5);

    Answer broken = get("/v1.1/Things", "$expand=" + encode("Datastreams($filter=name eq)"));
    assertProblem(broken, 400, "invalid", "$expand");
  }

  @Test
  void expands_paths_of_to_one_navigations_on_a_collection() {
    long thing = newThing("expand-path", "path-stream");
    long datastream = datastreamsOf(thing).getFirst();
    long observation = observe(datastream, "2026-02-01T00:00:00Z", "21.5");

    Answer answer =
        get(
            "/v1.1/Datastreams(" + datastream + ")/Observations",
            "$expand=" + encode("Datastream/ObservedProperty,FeatureOfInterest($select=name)"));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode item = answer.json().get("value").get(0);
    assertThat(item.get("@iot.id").asLong()).isEqualTo(observation);
    assertThat(item.get("Datastream").get("@iot.id").asLong()).isEqualTo(datastream);
    assertThat(item.get("Datastream").get("ObservedProperty").get("name").asText())
        .isEqualTo("path-stream property");
    assertThat(item.get("FeatureOfInterest").get("name").asText()).isEqualTo("expand-path place");
    assertThat(item.get("FeatureOfInterest").has("feature")).isFalse();
    assertThat(item.get("Datastream@iot.navigationLink").asText()).endsWith("/Datastream");
  }

  @Test
  void expands_the_same_nested_entity_under_every_observation_of_a_page() {
    long thing = newThing("expand-shared", "shared-a", "shared-b");
    List<Long> streams = datastreamsOf(thing);
    for (int i = 0; i < 3; i++) {
      observe(streams.get(0), "2026-08-01T00:0" + i + ":00Z", String.valueOf(i));
      observe(streams.get(1), "2026-08-01T00:0" + i + ":00Z", String.valueOf(10 + i));
    }

    Answer answer =
        get(
            "/v1.1/Observations",
            "$top=1000&$orderby=id&$expand="
                + encode("Datastream($select=name;$expand=Thing($select=name))"));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    List<String> mine = new ArrayList<>();
    for (JsonNode observation : answer.json().get("value")) {
      // Observations of MultiDatastreams, made by other tests, have no Datastream.
      JsonNode datastream = observation.path("Datastream");
      if (datastream.path("Thing").path("name").asText().equals("expand-shared")) {
        mine.add(datastream.get("name").asText() + "=" + observation.get("result").asText());
      }
    }
    assertThat(mine)
        .containsExactly(
            "shared-a=0", "shared-b=10", "shared-a=1", "shared-b=11", "shared-a=2", "shared-b=12");
  }

  @Test
  void expands_many_to_many_links_and_locations_of_every_thing_on_a_page() {
    long thing = newThing("expand-page", "page-stream");

    Answer answer = get("/v1.1/Things", "$expand=Locations,Datastreams/Sensor&$top=1000");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode mine = null;
    for (JsonNode item : answer.json().get("value")) {
      assertThat(item.has("Locations")).isTrue();
      if (item.get("@iot.id").asLong() == thing) {
        mine = item;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("Locations").get(0).get("name").asText()).isEqualTo("expand-page place");
    assertThat(mine.get("Datastreams").get(0).get("Sensor").get("name").asText())
        .isEqualTo("page-stream sensor");
  }

  @Test
  void counts_every_collection_and_every_navigation_collection() {
    long thing = newThing("count-all", "count-a", "count-b");
    long datastream = datastreamsOf(thing).getFirst();
    observe(datastream, "2026-03-01T00:00:00Z", "1");
    observe(datastream, "2026-03-01T00:01:00Z", "2");

    for (String set :
        List.of(
            "Things",
            "Locations",
            "HistoricalLocations",
            "Sensors",
            "ObservedProperties",
            "Datastreams",
            "MultiDatastreams",
            "Observations",
            "FeaturesOfInterest")) {
      Answer answer = get("/v1.1/" + set, "$count=true&$top=1");
      assertThat(answer.status()).as(set + ": " + answer.body()).isEqualTo(200);
      assertThat(answer.json().get("@iot.count").asLong())
          .as(set)
          .isGreaterThanOrEqualTo(answer.json().get("value").size());
    }
    assertThat(
            get("/v1.1/Things(" + thing + ")/Datastreams", "$count=true")
                .json()
                .get("@iot.count")
                .asLong())
        .isEqualTo(2);
    assertThat(
            get("/v1.1/Datastreams(" + datastream + ")/Observations", "$count=true&$top=1")
                .json()
                .get("@iot.count")
                .asLong())
        .isEqualTo(2);
    assertThat(
            get("/v1.1/Things(" + thing + ")/Locations", "$count=true")
                .json()
                .get("@iot.count")
                .asLong())
        .isEqualTo(1);
    assertThat(
            get("/v1.1/Things(" + thing + ")/Datastreams", "$count=false").json().has("@iot.count"))
        .isFalse();
  }

  @Test
  void answers_an_unreadable_expand_with_a_problem_naming_the_character() {
    Answer unknown = get("/v1.1/Things", "$expand=" + encode("Datastreams/Colour"));
    assertProblem(unknown, 400, "invalid", "$expand");
    assertThat(unknown.json().get("detail").asText()).contains("character 13").contains("Colour");

    Answer badOption = get("/v1.1/Things", "$expand=" + encode("Datastreams($top=many)"));
    assertProblem(badOption, 400, "invalid", "$expand");
    assertThat(badOption.json().get("detail").asText()).contains("$top");

    assertProblem(
        get("/v1.1/Things", "$expand=" + encode("Datastreams($top=1")), 400, "invalid", "$expand");
  }

  // ---------------------------------------------------------------- dataArray

  @Test
  void answers_observations_as_a_data_array_per_datastream() {
    long thing = newThing("array-thing", "array-a", "array-b");
    List<Long> streams = datastreamsOf(thing);
    long a1 = observe(streams.get(0), "2026-04-01T00:00:00Z", "1.5");
    long a2 = observe(streams.get(0), "2026-04-01T00:01:00Z", "2.5");
    long b1 = observe(streams.get(1), "2026-04-01T00:00:00Z", "7");

    Answer one =
        get(
            "/v1.1/Datastreams(" + streams.get(0) + ")/Observations",
            "$resultFormat=dataArray&$count=true");
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.json().get("@iot.count").asLong()).isEqualTo(2);
    JsonNode group = one.json().get("value").get(0);
    assertThat(group.get("Datastream@iot.navigationLink").asText())
        .isEqualTo(api.base() + "/v1.1/Datastreams(" + streams.get(0) + ")");
    List<String> components = new ArrayList<>();
    group.get("components").forEach(c -> components.add(c.asText()));
    assertThat(components).startsWith("id", "phenomenonTime", "resultTime", "result");
    assertThat(group.get("dataArray@iot.count").asInt()).isEqualTo(2);
    assertThat(group.get("dataArray").get(0).get(0).asLong()).isEqualTo(a1);
    assertThat(group.get("dataArray").get(0).get(1).asText()).isEqualTo("2026-04-01T00:00:00Z");
    assertThat(group.get("dataArray").get(0).get(2).isNull()).isTrue();
    assertThat(group.get("dataArray").get(0).get(3).asDouble()).isEqualTo(1.5);

    Answer all =
        get(
            "/v1.1/Observations",
            "$resultFormat=dataArray&$select=id,result&$top=1000&$orderby=id");
    assertThat(all.status()).as(all.body()).isEqualTo(200);
    JsonNode groupA = null;
    JsonNode groupB = null;
    for (JsonNode item : all.json().get("value")) {
      String link = item.path("Datastream@iot.navigationLink").asText();
      if (link.endsWith("(" + streams.get(0) + ")")) {
        groupA = item;
      } else if (link.endsWith("(" + streams.get(1) + ")")) {
        groupB = item;
      }
    }
    assertThat(groupA).isNotNull();
    assertThat(groupB).isNotNull();
    assertThat(groupA.get("components").toString()).isEqualTo("[\"id\",\"result\"]");
    assertThat(groupA.get("dataArray").toString()).isEqualTo("[[" + a1 + ",1.5],[" + a2 + ",2.5]]");
    assertThat(groupB.get("dataArray").toString()).isEqualTo("[[" + b1 + ",7]]");
  }

  @Test
  void refuses_data_array_for_other_entity_types() {
    assertProblem(get("/v1.1/Things", "$resultFormat=dataArray"), 400, "invalid", "$resultFormat");
    assertProblem(get("/v1.1/Observations", "$resultFormat=csv"), 400, "invalid", "$resultFormat");
  }

  // ---------------------------------------------------------------- CreateObservations

  @Test
  void creates_observations_from_data_arrays_answering_a_link_or_error_per_row() {
    long thing = newThing("create-many", "create-a", "create-b");
    List<Long> streams = datastreamsOf(thing);
    Answer feature =
        api.post(
            "/v1.1/FeaturesOfInterest",
            """
            {"name": "corner", "description": "a corner", "encodingType": "application/geo+json",
             "feature": {"type": "Point", "coordinates": [2.1, 41.3]}}""");
    assertThat(feature.status()).as(feature.body()).isEqualTo(201);

    Answer answer =
        api.post(
            "/v1.1/CreateObservations",
            """
            [{"Datastream": {"@iot.id": %d},
              "components": ["phenomenonTime", "result", "FeatureOfInterest/id"],
              "dataArray@iot.count": 3,
              "dataArray": [["2026-05-01T00:00:00Z", 20, %d],
                            ["2026-05-01T00:01:00Z", "warm", %d],
                            ["2026-05-01T00:02:00Z", 22, %d]]},
             {"Datastream": {"@iot.id": %d},
              "components": ["result", "phenomenonTime"],
              "dataArray": [[7, "2026-05-01T00:00:00Z"], [8]]}]"""
                .formatted(
                    streams.get(0), feature.id(), feature.id(), feature.id(), streams.get(1)));

    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    JsonNode links = answer.json();
    assertThat(links).hasSize(5);
    assertThat(links.get(0).asText()).startsWith(api.base() + "/v1.1/Observations(");
    assertThat(links.get(1).asText()).isEqualTo("error");
    assertThat(links.get(2).asText()).startsWith(api.base() + "/v1.1/Observations(");
    assertThat(links.get(3).asText()).startsWith(api.base() + "/v1.1/Observations(");
    assertThat(links.get(4).asText()).isEqualTo("error");
    JsonNode stored = api.get(links.get(2).asText() + "?$expand=FeatureOfInterest").json();
    assertThat(stored.get("result").asInt()).isEqualTo(22);
    assertThat(stored.get("FeatureOfInterest").get("@iot.id").asLong()).isEqualTo(feature.id());
    JsonNode derived = api.get(links.get(3).asText() + "?$expand=FeatureOfInterest").json();
    assertThat(derived.get("FeatureOfInterest").get("name").asText())
        .isEqualTo("create-many place");
    assertThat(
            get("/v1.1/Datastreams(" + streams.get(0) + ")/Observations", "$count=true&$top=0")
                .json()
                .get("@iot.count")
                .asLong())
        .isEqualTo(2);
  }

  @Test
  void creates_and_reads_multi_datastream_observations_as_data_arrays() {
    long thing = newThing("array-multi");
    String measurement = SensingApiContract.MEASUREMENT;
    Answer multi =
        api.post(
            "/v1.1/MultiDatastreams",
            """
            {"name": "wind", "description": "speed and direction",
             "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_ComplexObservation",
             "multiObservationDataTypes": ["%s", "%s"],
             "unitOfMeasurements": [{"name": "m/s", "symbol": "m/s", "definition": "x"},
                                    {"name": "degree", "symbol": "deg", "definition": "y"}],
             "Thing": {"@iot.id": %d},
             "Sensor": {"name": "vane", "description": "d", "encodingType": "application/pdf",
                        "metadata": "m"},
             "ObservedProperties": [
               {"name": "speed", "definition": "s", "description": "s"},
               {"name": "direction", "definition": "d", "description": "d"}]}"""
                .formatted(measurement, measurement, thing));
    assertThat(multi.status()).as(multi.body()).isEqualTo(201);

    Answer created =
        api.post(
            "/v1.1/CreateObservations",
            """
            [{"MultiDatastream": {"@iot.id": %d}, "components": ["phenomenonTime", "result"],
              "dataArray": [["2026-07-01T00:00:00Z", [3.5, 270]], ["2026-07-01T00:01:00Z", [1]]]}]"""
                .formatted(multi.id()));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get(0).asText()).contains("/Observations(");
    assertThat(created.json().get(1).asText()).isEqualTo("error");

    Answer read =
        get(
            "/v1.1/MultiDatastreams(" + multi.id() + ")/Observations",
            "$resultFormat=dataArray&$select=result");
    JsonNode group = read.json().get("value").get(0);
    assertThat(group.get("MultiDatastream@iot.navigationLink").asText())
        .endsWith("/v1.1/MultiDatastreams(" + multi.id() + ")");
    assertThat(group.get("dataArray").toString()).isEqualTo("[[[3.5,270]]]");
  }

  @Test
  void refuses_a_create_observations_body_without_a_stream_or_with_unknown_components() {
    assertProblem(
        api.post(
            "/v1.1/CreateObservations",
            """
            [{"components": ["result"], "dataArray": [[1]]}]"""),
        400,
        "invalid",
        "[0].Datastream");
    assertProblem(
        api.post(
            "/v1.1/CreateObservations",
            """
            [{"Datastream": {"@iot.id": 1}, "components": ["result", "colour"], "dataArray": []}]"""),
        400,
        "invalid",
        "[0].components");
  }

  // ---------------------------------------------------------------- $batch

  @Test
  void runs_a_batch_in_order_with_references_to_entities_created_earlier() {
    String batch =
        """
        {"requests": [
          {"id": "thing", "atomicityGroup": "g1", "method": "post", "url": "Things",
           "body": {"name": "batch-thing", "description": "made in a batch"}},
          {"id": "stream", "atomicityGroup": "g1", "method": "post", "url": "$thing/Datastreams",
           "body": %s},
          {"id": "obs", "atomicityGroup": "g1", "method": "post", "url": "Observations",
           "body": {"phenomenonTime": "2026-06-01T00:00:00Z", "result": 5,
                    "Datastream": {"@iot.id": "$stream"},
                    "FeatureOfInterest": {"name": "f", "description": "f",
                      "encodingType": "application/geo+json",
                      "feature": {"type": "Point", "coordinates": [1, 2]}}}},
          {"id": "read", "method": "get",
           "url": "$thing?$expand=Datastreams($expand=Observations;$count=true)"},
          {"id": "name", "method": "get", "url": "/v1.1/$thing/name/$value"},
          {"id": "missing", "method": "get", "url": "Things(987654321)"}
        ]}"""
            .formatted(datastreamJson("batch-stream"));

    Answer answer = api.post("/v1.1/$batch", batch);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode responses = answer.json().get("responses");
    assertThat(responses).hasSize(6);
    List<Integer> statuses = new ArrayList<>();
    responses.forEach(r -> statuses.add(r.get("status").asInt()));
    assertThat(statuses).containsExactly(201, 201, 201, 200, 200, 404);
    assertThat(responses.get(0).get("id").asText()).isEqualTo("thing");
    assertThat(responses.get(0).get("atomicityGroup").asText()).isEqualTo("g1");
    long thing = responses.get(0).get("body").get("@iot.id").asLong();
    assertThat(responses.get(0).get("headers").get("location").asText())
        .isEqualTo(api.base() + "/v1.1/Things(" + thing + ")");
    JsonNode read = responses.get(3).get("body");
    assertThat(read.get("@iot.id").asLong()).isEqualTo(thing);
    assertThat(read.get("Datastreams").get(0).get("name").asText()).isEqualTo("batch-stream");
    assertThat(read.get("Datastreams@iot.count").asLong()).isEqualTo(1);
    assertThat(read.get("Datastreams").get(0).get("Observations").get(0).get("result").asInt())
        .isEqualTo(5);
    assertThat(responses.get(4).get("body").asText()).isEqualTo("batch-thing");
    assertThat(responses.get(5).get("body").get("code").asText()).isEqualTo("not-found");
    assertThat(api.get("/v1.1/Things(" + thing + ")").status()).isEqualTo(200);
  }

  @Test
  void an_atomicity_group_that_fails_stores_nothing_and_later_requests_still_run() {
    long thingsBefore = get("/v1.1/Things", "$count=true&$top=0").json().get("@iot.count").asLong();
    long existing = newThing("batch-patched");
    String batch =
        """
        {"requests": [
          {"id": "1", "atomicityGroup": "change", "method": "post", "url": "Things",
           "body": {"name": "rolled back", "description": "never stored"}},
          {"id": "2", "atomicityGroup": "change", "method": "patch", "url": "Things(%d)",
           "body": {"name": "renamed in vain"}},
          {"id": "3", "atomicityGroup": "change", "method": "post", "url": "$1/Datastreams",
           "body": {"name": "no unit", "description": "invalid"}},
          {"id": "4", "method": "patch", "url": "Things(%d)", "body": {"description": "patched"}}
        ]}"""
            .formatted(existing, existing);

    Answer answer = api.post("/v1.1/$batch", batch);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode responses = answer.json().get("responses");
    List<Integer> statuses = new ArrayList<>();
    responses.forEach(r -> statuses.add(r.get("status").asInt()));
    assertThat(statuses).containsExactly(424, 424, 400, 200);
    assertThat(responses.get(2).get("body").get("code").asText()).isEqualTo("invalid");
    assertThat(responses.get(0).get("body").get("detail").asText()).contains("rolled back");
    JsonNode thing = api.get("/v1.1/Things(" + existing + ")").json();
    assertThat(thing.get("name").asText()).isEqualTo("batch-patched");
    assertThat(thing.get("description").asText()).isEqualTo("patched");
    assertThat(get("/v1.1/Things", "$count=true&$top=0").json().get("@iot.count").asLong())
        .isEqualTo(thingsBefore + 1);
  }

  @Test
  void a_request_that_depends_on_a_failed_one_does_not_run() {
    String batch =
        """
        {"requests": [
          {"id": "bad", "method": "post", "url": "Things", "body": {"name": "no description"}},
          {"id": "after", "method": "post", "url": "Things", "dependsOn": ["bad"],
           "body": {"name": "never", "description": "depends on bad"}},
          {"id": "free", "method": "get", "url": "Things?$top=1"}
        ]}""";

    JsonNode responses = api.post("/v1.1/$batch", batch).json().get("responses");

    assertThat(responses.get(0).get("status").asInt()).isEqualTo(400);
    assertThat(responses.get(1).get("status").asInt()).isEqualTo(424);
    assertThat(responses.get(1).get("body").get("detail").asText()).contains("bad");
    assertThat(responses.get(2).get("status").asInt()).isEqualTo(200);
  }

  /** A multipart batch body from parts, with CRLF line ends as RFC 2046 asks. */
  static String multipart(String boundary, String... parts) {
    StringBuilder body = new StringBuilder();
    for (String part : parts) {
      body.append("--").append(boundary).append("\n").append(part).append("\n");
    }
    body.append("--").append(boundary).append("--");
    return body.toString().replaceAll("(?<!\r)\n", "\r\n");
  }

  @Test
  void runs_a_multipart_batch_with_a_change_set_referencing_a_new_entity() {
    long thing = newThing("mp-thing");
    long sensorsBefore =
        get("/v1.1/Sensors", "$count=true&$top=0").json().get("@iot.count").asLong();
    String sensor =
        """
        {"name": "DS18B20", "description": "an air temperature sensor",
         "encodingType": "application/pdf", "metadata": "https://example.org/ds18b20.pdf"}""";
    String datastream =
        """
        {"name": "mp-stream", "description": "d", "observationType": "%s",
         "unitOfMeasurement": {"name": "degree Celsius", "symbol": "degC", "definition": "ucum:Cel"},
         "ObservedProperty": {"name": "t", "definition": "https://example.org/t", "description": "t"},
         "Sensor": {"@iot.id": "$sensor1"}}"""
            .formatted(SensingApiContract.MEASUREMENT);
    String changeSet =
        multipart(
            "changeset_1",
            """
            Content-Type: application/http
            Content-ID: sensor1

            POST /v1.1/Sensors HTTP/1.1
            Content-Type: application/json

            %s"""
                .formatted(sensor),
            """
            Content-Type: application/http
            Content-ID: ds

            POST /v1.1/Things(%d)/Datastreams HTTP/1.1
            Content-Type: application/json

            %s"""
                .formatted(thing, datastream));
    String batch =
        multipart(
            "batch_1",
            """
            Content-Type: application/http

            GET /v1.1/Things(%d)?$select=name HTTP/1.1
            Host: localhost

            """
                .formatted(thing),
            "Content-Type: multipart/mixed;boundary=changeset_1\n\n" + changeSet,
            """
            Content-Type: application/http

            GET Things?$count=true&$filter=name%20eq%20'mp-thing'&$select=name HTTP/1.1

            """,
            """
            Content-Type: application/http

            GET Things(987654321) HTTP/1.1

            """);

    Answer answer = api.post("/v1.1/$batch", "multipart/mixed;boundary=batch_1", batch);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("multipart/mixed; boundary=batchresponse_");
    String body = answer.body();
    assertThat(body).contains("HTTP/1.1 200 OK\r\n").contains("{\"name\":\"mp-thing\"}");
    assertThat(body).contains("Content-Type: multipart/mixed; boundary=changesetresponse_");
    assertThat(body).contains("Content-ID: sensor1\r\n\r\nHTTP/1.1 201 Created\r\n");
    assertThat(body).contains("Location: " + api.base() + "/v1.1/Sensors(");
    assertThat(body).contains("Content-ID: ds\r\n\r\nHTTP/1.1 201 Created\r\n");
    assertThat(body).contains("{\"@iot.count\":1,\"value\":[{\"name\":\"mp-thing\"}]}");
    assertThat(body).contains("HTTP/1.1 404 Not Found");
    assertThat(body.strip()).endsWith("--");
    assertThat(get("/v1.1/Sensors", "$count=true&$top=0").json().get("@iot.count").asLong())
        .isEqualTo(sensorsBefore + 1);
    JsonNode stream = api.get("/v1.1/Things(" + thing + ")/Datastreams?$expand=Sensor").json();
    assertThat(stream.get("value").get(0).get("Sensor").get("name").asText()).isEqualTo("DS18B20");
  }

  @Test
  void a_failed_multipart_change_set_is_answered_by_its_failure_alone_and_stores_nothing() {
    long thingsBefore = get("/v1.1/Things", "$count=true&$top=0").json().get("@iot.count").asLong();
    String changeSet =
        multipart(
            "cs",
            """
            Content-Type: application/http
            Content-ID: 1

            POST Things HTTP/1.1
            Content-Type: application/json

            {"name": "rolled back", "description": "never stored"}""",
            """
            Content-Type: application/http
            Content-ID: 2

            POST $1/Datastreams HTTP/1.1
            Content-Type: application/json

            {"name": "no unit"}""");
    String batch = multipart("b", "Content-Type: multipart/mixed; boundary=\"cs\"\n\n" + changeSet);

    Answer answer = api.post("/v1.1/$batch", "multipart/mixed; boundary=b", batch);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body())
        .contains("Content-ID: 2\r\n\r\nHTTP/1.1 400 Bad Request")
        .contains("application/problem+json")
        .doesNotContain("HTTP/1.1 201")
        .doesNotContain("Content-ID: 1");
    assertThat(get("/v1.1/Things", "$count=true&$top=0").json().get("@iot.count").asLong())
        .isEqualTo(thingsBefore);
    assertProblem(
        api.post(
            "/v1.1/$batch",
            "multipart/mixed; boundary=b",
            "--b\r\nContent-Type: application/http\r\n"),
        400,
        "invalid",
        "body");
  }

  @Test
  void deletes_inside_a_batch_and_refuses_a_malformed_batch() {
    long doomed = newThing("batch-doomed");
    Answer deleted =
        api.post(
            "/v1.1/$batch",
            """
            {"requests": [{"id": "d", "method": "delete", "url": "Things(%d)"}]}"""
                .formatted(doomed));
    assertThat(deleted.json().get("responses").get(0).get("status").asInt()).isEqualTo(200);
    assertThat(api.get("/v1.1/Things(" + doomed + ")").status()).isEqualTo(404);

    assertProblem(api.post("/v1.1/$batch", "{\"requests\": {}}"), 400, "invalid", "requests");
    assertProblem(
        api.post(
            "/v1.1/$batch",
            """
            {"requests": [{"id": "a", "method": "get", "url": "Things", "atomicityGroup": "x"},
                          {"id": "b", "method": "get", "url": "Things"},
                          {"id": "c", "method": "get", "url": "Things", "atomicityGroup": "x"}]}"""),
        400,
        "invalid",
        "requests[2].atomicityGroup");
    assertProblem(
        api.post(
            "/v1.1/$batch",
            """
            {"requests": [{"id": "a", "method": "put", "url": "Things"}]}"""),
        400,
        "invalid",
        "requests[0].method");
  }
}
