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
 * {@code $filter} end to end: a real server on a free port of 127.0.0.1 over a real storage engine,
 * the filter evaluated by the database. One subclass per engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FilterApiContract {

  private SensingStore store;
  private CivitasServer server;
  private ApiClient api;
  private long thing;
  private long stream;
  private long otherStream;
  private final List<Long> observations = new ArrayList<>();

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void startServerWithData() {
    store = openStore();
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    api = new ApiClient(server.start());
    Answer created =
        api.post(
            "/v1.1/Things",
            thingJson(
                "filter-station", datastreamJson("filter-pm25"), datastreamJson("filter-no2")));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    thing = created.id();
    JsonNode streams =
        api.get("/v1.1/Things(" + thing + ")/Datastreams?$orderby=name").json().get("value");
    otherStream = streams.get(0).get("@iot.id").asLong(); // filter-no2
    stream = streams.get(1).get("@iot.id").asLong(); // filter-pm25
    observations.add(observe(stream, "2025-12-31T23:00:00Z", "25"));
    observations.add(observe(stream, "2026-01-01T00:00:00Z", "10"));
    observations.add(observe(stream, "2026-01-01T01:00:00Z", "21.5"));
    observations.add(observe(stream, "2026-01-01T02:00:00Z", "30"));
    observe(otherStream, "2026-01-01T02:00:00Z", "40");
  }

  @AfterAll
  void stopServer() {
    server.stop();
    store.close();
    cleanUp();
  }

  private long observe(long datastream, String time, String result) {
    Answer answer =
        api.post(
            "/v1.1/Datastreams(" + datastream + ")/Observations",
            """
            {"phenomenonTime": "%s", "result": %s, "parameters": {"quality": "ok"}}"""
                .formatted(time, result));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.id();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private Answer filter(String path, String filter) {
    return api.get(path + (path.contains("?") ? "&" : "?") + "$filter=" + encode(filter));
  }

  private static List<Long> ids(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    List<Long> ids = new ArrayList<>();
    answer.json().get("value").forEach(e -> ids.add(e.get("@iot.id").asLong()));
    return ids;
  }

  @Test
  void filters_a_datastreams_observations_by_result_and_time() {
    Answer answer =
        filter(
            "/v1.1/Datastreams(" + stream + ")/Observations",
            "result gt 20 and phenomenonTime ge 2026-01-01T00:00:00Z");
    assertThat(ids(answer)).containsExactly(observations.get(2), observations.get(3));
  }

  @Test
  void filters_through_navigation_paths_and_json_members() {
    assertThat(
            ids(
                filter(
                    "/v1.1/Observations?$orderby=id",
                    "Datastream/ObservedProperty/name eq 'filter-pm25 property' and result lt 20")))
        .containsExactly(observations.get(1));
    assertThat(
            ids(
                filter(
                    "/v1.1/Things",
                    "properties/district eq 'north' and Datastreams/name eq 'filter-no2'")))
        .containsExactly(thing);
    assertThat(
            ids(
                filter(
                    "/v1.1/Datastreams(" + stream + ")/Observations",
                    "parameters/quality eq 'ok' and round(result) eq 22")))
        .containsExactly(observations.get(2));
  }

  @Test
  void the_count_and_the_next_link_keep_the_filter() {
    Answer first =
        filter(
            "/v1.1/Datastreams(" + stream + ")/Observations?$top=1&$count=true", "result ge 21.5");
    JsonNode page = first.json();
    assertThat(page.get("@iot.count").asLong()).isEqualTo(3);
    assertThat(ids(first)).containsExactly(observations.get(0));
    String next = page.get("@iot.nextLink").asText();
    Answer second = api.get(next);
    assertThat(ids(second)).containsExactly(observations.get(2));
  }

  @Test
  void filters_inside_an_expansion() {
    Answer answer =
        api.get(
            "/v1.1/Things("
                + thing
                + ")?$expand=Datastreams("
                + encode("$filter=startswith(name, 'filter-p')")
                + ")");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode streams = answer.json().get("Datastreams");
    assertThat(streams).hasSize(1);
    assertThat(streams.get(0).get("@iot.id").asLong()).isEqualTo(stream);
  }

  @Test
  void a_parse_error_is_a_400_naming_the_filter_and_the_column() {
    Answer answer = filter("/v1.1/Observations", "result gt 20 and and");
    assertProblem(answer, 400, "invalid", "$filter");
    assertThat(answer.json().get("detail").asText()).startsWith("at column 18: expected");
  }

  @Test
  void an_unknown_property_is_a_400_naming_it() {
    Answer answer = filter("/v1.1/Observations", "Datastream/colour eq 'red'");
    assertProblem(answer, 400, "invalid", "$filter");
    assertThat(answer.json().get("detail").asText())
        .contains("a Datastream has no property or navigation property 'colour'");
  }

  @Test
  void geospatial_functions_filter_through_navigation_paths() {
    assertThat(
            ids(
                filter(
                    "/v1.1/Things",
                    "st_within(Locations/location, geography'POLYGON((2 41, 3 41, 3 42, 2 42, 2 41))')"
                        + " and name eq 'filter-station'")))
        .containsExactly(thing);
    assertThat(
            ids(
                filter(
                    "/v1.1/Things",
                    "geo.distance(Locations/location, geography'POINT(2.17 41.38)') gt 1"
                        + " and name eq 'filter-station'")))
        .isEmpty();
  }

  @Test
  void a_malformed_geometry_literal_is_a_400_naming_the_filter() {
    Answer answer =
        filter("/v1.1/Locations", "st_within(location, geography'POLYGON((0 0, 9 0))')");
    assertProblem(answer, 400, "invalid", "$filter");
    assertThat(answer.json().get("detail").asText()).contains("not a valid WKT geometry");
  }
}
