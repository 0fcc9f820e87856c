package org.civitas.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.city.DistrictRoutes;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The districts API ({@code /api/v1/districts}) end to end on a real server on a free port of
 * 127.0.0.1; one subclass per storage engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DistrictApiContract {
  private static final String SQUARE =
      "{\"type\":\"Polygon\",\"coordinates\":[[[9.4,52.9],[9.5,52.9],[9.5,53.0],[9.4,52.9]]]}";
  private static final String TWO_SQUARES =
      "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[9,52],[9.1,52],[9.1,52.1],[9,52]]],"
          + "[[[9.2,52],[9.3,52],[9.3,52.1],[9.2,52]]]]}";

  private SensingStore store;
  private CivitasServer server;
  private ApiClient api;

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
    server.withRoutes(routes -> DistrictRoutes.register(routes, Storage.districts(store)));
    api = new ApiClient(server.start());
  }

  @AfterAll
  void stopServer() {
    server.stop();
    store.close();
    cleanUp();
  }

  private static String feature(String name, String geometry, String moreProperties) {
    return "{\"type\":\"Feature\",\"id\":7,\"geometry\":"
        + geometry
        + ",\"properties\":{\"name\":"
        + (name == null ? "null" : "\"" + name + "\"")
        + moreProperties
        + "}}";
  }

  private static String collection(String... features) {
    return "{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}";
  }

  private static String path(String name) {
    return "/api/v1/districts/"
        + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void the_city_put_is_answered_back_as_the_same_feature_collection() {
    ApiClient.Answer put =
        api.put(
            "/api/v1/districts",
            collection(
                feature("Old Town", SQUARE, ",\"population\":41000,\"deprivationIndex\":0.38"),
                feature("Harbour", TWO_SQUARES, ",\"population\":3100,\"shareOver65\":0.1")));
    assertThat(put.status()).as(put.body()).isEqualTo(200);

    ApiClient.Answer get = api.get("/api/v1/districts");
    assertThat(get.status()).isEqualTo(200);
    assertThat(get.contentType()).startsWith("application/geo+json");
    JsonNode body = get.json();
    assertThat(body.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(body.get("features")).hasSize(2);
    JsonNode harbour = body.get("features").get(1);
    assertThat(harbour.get("type").asText()).isEqualTo("Feature");
    assertThat(harbour.get("geometry").get("type").asText()).isEqualTo("MultiPolygon");
    assertThat(harbour.get("geometry").get("coordinates").get(1).get(0).get(2).get(0).asDouble())
        .isEqualTo(9.3);
    assertThat(harbour.get("properties").get("name").asText()).isEqualTo("Harbour");
    assertThat(harbour.get("properties").get("population").asInt()).isEqualTo(3100);
    assertThat(harbour.get("properties").get("shareOver65").asDouble()).isEqualTo(0.1);
    assertThat(put.json()).isEqualTo(body);
  }

  @Test
  void one_district_is_read_by_its_name_and_an_unknown_name_is_not_found() {
    api.put("/api/v1/districts", collection(feature("North End", SQUARE, "")));

    ApiClient.Answer one = api.get(path("North End"));
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("properties").get("name").asText()).isEqualTo("North End");
    assertThat(one.json().get("geometry").get("type").asText()).isEqualTo("Polygon");

    ApiClient.Answer missing = api.get(path("Atlantis"));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
  }

  @Test
  void a_second_put_replaces_the_whole_city() {
    api.put(
        "/api/v1/districts",
        collection(feature("Old Town", SQUARE, ""), feature("Riverside", SQUARE, "")));

    api.put("/api/v1/districts", collection(feature("Riverside", SQUARE, ",\"population\":9")));

    JsonNode features = api.get("/api/v1/districts").json().get("features");
    assertThat(features).hasSize(1);
    assertThat(features.get(0).get("properties").get("population").asInt()).isEqualTo(9);
    assertThat(api.get(path("Old Town")).status()).isEqualTo(404);
  }

  @Test
  void bad_districts_are_refused_naming_the_offending_path_and_change_nothing() {
    api.put("/api/v1/districts", collection(feature("Old Town", SQUARE, "")));
    String open = "{\"type\":\"Polygon\",\"coordinates\":[[[9,52],[9.1,52],[9.1,52.1],[9,52.2]]]}";
    String point = "{\"type\":\"Point\",\"coordinates\":[9,52]}";
    String badLat = "{\"type\":\"Polygon\",\"coordinates\":[[[9,52],[9.1,95],[9.1,52.1],[9,52]]]}";

    assertRefused(
        collection(
            feature("A", SQUARE, ""),
            feature("B", SQUARE, ""),
            feature("C", SQUARE, ""),
            feature(null, SQUARE, "")),
        "features[3].properties.name");
    assertRefused(
        collection(feature("A", SQUARE, ""), feature("A", SQUARE, "")),
        "features[1].properties.name");
    assertRefused(collection(feature("A", point, "")), "features[0].geometry.type");
    assertRefused(collection(feature("A", open, "")), "features[0].geometry.coordinates[0]");
    assertRefused(collection(feature("A", badLat, "")), "features[0].geometry.coordinates[0][1]");
    assertRefused("{\"type\":\"Feature\",\"features\":[]}", "type");
    assertRefused("{\"type\":\"FeatureCollection\"}", "features");

    JsonNode features = api.get("/api/v1/districts").json().get("features");
    assertThat(features).hasSize(1);
    assertThat(features.get(0).get("properties").get("name").asText()).isEqualTo("Old Town");
  }

  private void assertRefused(String body, String field) {
    ApiClient.Answer answer = api.put("/api/v1/districts", body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.json().get("field").asText()).isEqualTo(field);
  }
}
