package org.civitas.server.sensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.sensing.EntityRequest.Reference;
import org.junit.jupiter.api.Test;

class EntityJsonTest {

  private static ObjectNode json(String text) {
    return JsonCodec.readObject(text.getBytes(StandardCharsets.UTF_8));
  }

  private static EntityRequest readNew(EntityType type, String text) {
    return EntityJson.readNew(type, json(text), Optional.empty());
  }

  private static void assertInvalid(Runnable read, String field, String message) {
    assertThatThrownBy(read::run)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValue(field));
  }

  @Test
  void reads_an_observation_with_times_result_and_a_link() {
    EntityRequest request =
        readNew(
            EntityType.OBSERVATION,
            """
            {"phenomenonTime": "2026-11-23T18:00:00+01:00", "result": 21.5,
             "validTime": "2026-11-23T17:00:00Z/PT1H", "Datastream": {"@iot.id": 7}}""");

    assertThat(request.values().get("phenomenonTime"))
        .isEqualTo(new TimeValue.Instant(Instant.parse("2026-11-23T17:00:00Z")));
    assertThat(request.values().get("result")).isEqualTo(new Json("21.5"));
    assertThat(request.values().get("validTime"))
        .isEqualTo(
            new TimeValue.Interval(
                Instant.parse("2026-11-23T17:00:00Z"), Instant.parse("2026-11-23T18:00:00Z")));
    assertThat(request.references())
        .containsEntry(
            EntityType.OBSERVATION.navigation("Datastream").orElseThrow(),
            List.of(new Reference.Existing(7)));
  }

  @Test
  void lets_the_server_default_an_observations_phenomenon_time_and_feature() {
    EntityRequest request =
        readNew(EntityType.OBSERVATION, "{\"result\": 1, \"Datastream\": {\"@iot.id\": 1}}");

    assertThat(request.values()).doesNotContainKey("phenomenonTime");
  }

  @Test
  void reads_a_deep_insert_of_a_thing_with_its_location_and_datastream() {
    EntityRequest request =
        readNew(
            EntityType.THING,
            """
            {"name": "Station", "description": "air",
             "Locations": [{"name": "Square", "description": "centre",
               "encodingType": "application/geo+json",
               "location": {"type": "Point", "coordinates": [2.1, 41.3]}}],
             "Datastreams": [{"name": "PM10", "description": "dust",
               "observationType": "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
               "unitOfMeasurement": {"name": "ug/m3", "symbol": "ug/m3", "definition": "x"},
               "Sensor": {"@iot.id": 3},
               "ObservedProperty": {"name": "PM10", "definition": "d", "description": "p"}}]}""");

    var datastreams = request.references().get(EntityType.THING.navigation("Datastreams").get());
    assertThat(datastreams).singleElement().isInstanceOf(Reference.Created.class);
    EntityRequest datastream = ((Reference.Created) datastreams.getFirst()).entity();
    assertThat(datastream.field()).isEqualTo("Datastreams[0].");
    assertThat(datastream.references().get(EntityType.DATASTREAM.navigation("Sensor").get()))
        .containsExactly(new Reference.Existing(3));
    assertThat(request.onlyLinksExisting()).isFalse();
  }

  @Test
  void rejects_a_missing_required_property_naming_it() {
    assertInvalid(
        () -> readNew(EntityType.OBSERVATION, "{\"Datastream\": {\"@iot.id\": 1}}"),
        "result",
        "needs 'result'");
  }

  @Test
  void rejects_a_missing_required_property_deep_inside_naming_its_path() {
    assertInvalid(
        () ->
            readNew(
                EntityType.THING,
                """
                {"name": "T", "description": "d", "Datastreams": [{"name": "D",
                 "description": "d", "observationType": "x", "unitOfMeasurement": {},
                 "Sensor": {"@iot.id": 1}}]}"""),
        "Datastreams[0].ObservedProperty",
        "needs 'ObservedProperty'");
  }

  @Test
  void rejects_an_unparsable_phenomenon_time() {
    assertInvalid(
        () ->
            readNew(
                EntityType.OBSERVATION,
                "{\"phenomenonTime\": \"yesterday\", \"result\": 1, \"Datastream\": {\"@iot.id\": 1}}"),
        "phenomenonTime",
        "ISO 8601");
  }

  @Test
  void rejects_an_interval_that_ends_before_it_starts() {
    assertInvalid(
        () ->
            readNew(
                EntityType.OBSERVATION,
                """
                {"phenomenonTime": "2026-01-02T00:00:00Z/2026-01-01T00:00:00Z",
                 "result": 1, "Datastream": {"@iot.id": 1}}"""),
        "phenomenonTime",
        "before it starts");
  }

  @Test
  void rejects_an_unknown_property() {
    assertInvalid(
        () -> readNew(EntityType.THING, "{\"name\": \"a\", \"description\": \"b\", \"colour\": 1}"),
        "colour",
        "no property 'colour'");
  }

  @Test
  void rejects_read_only_and_server_assigned_properties() {
    assertInvalid(
        () ->
            readNew(
                EntityType.DATASTREAM,
                "{\"phenomenonTime\": \"2026-01-01T00:00:00Z/2026-01-02T00:00:00Z\"}"),
        "phenomenonTime",
        "computed by the server");
    assertInvalid(
        () ->
            readNew(EntityType.THING, "{\"@iot.id\": 5, \"name\": \"a\", \"description\": \"b\"}"),
        "@iot.id",
        "assigned by the server");
  }

  @Test
  void rejects_a_value_of_the_wrong_type() {
    assertInvalid(
        () -> readNew(EntityType.THING, "{\"name\": 5, \"description\": \"b\"}"),
        "name",
        "must be a string");
    assertInvalid(
        () ->
            readNew(
                EntityType.LOCATION,
                """
                {"name": "a", "description": "b", "encodingType": "application/geo+json",
                 "location": [1, 2]}"""),
        "location",
        "GeoJSON");
  }

  @Test
  void rejects_a_link_that_is_not_an_id_or_carries_more_than_an_id() {
    assertInvalid(
        () ->
            readNew(
                EntityType.OBSERVATION, "{\"result\": 1, \"Datastream\": {\"@iot.id\": \"x\"}}"),
        "Datastream.@iot.id",
        "positive integer");
    assertInvalid(
        () ->
            readNew(
                EntityType.OBSERVATION,
                "{\"result\": 1, \"Datastream\": {\"@iot.id\": 1, \"name\": \"n\"}}"),
        "Datastream",
        "only @iot.id");
  }

  @Test
  void rejects_setting_the_link_a_navigation_path_already_implies() {
    assertInvalid(
        () ->
            EntityJson.readNew(
                EntityType.OBSERVATION,
                json("{\"result\": 1, \"Datastream\": {\"@iot.id\": 1}}"),
                EntityType.OBSERVATION.navigation("Datastream")),
        "Datastream",
        "given by the request path");
  }

  @Test
  void reads_changes_without_requiring_anything_and_refuses_new_entities() {
    EntityRequest changes = EntityJson.readChanges(EntityType.THING, json("{\"name\": \"new\"}"));
    assertThat(changes.values()).containsExactly(Map.entry("name", "new"));

    assertInvalid(
        () ->
            EntityJson.readChanges(
                EntityType.THING,
                json("{\"Locations\": [{\"name\": \"x\", \"description\": \"y\"}]}")),
        "Locations[0]",
        "existing entities only");
  }

  @Test
  void writes_id_self_link_values_and_navigation_links() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("phenomenonTime", new TimeValue.Instant(Instant.parse("2026-11-23T18:00:00Z")));
    values.put("resultTime", null);
    values.put("result", new Json("{\"a\":[1,2]}"));
    Entity entity = new Entity(EntityType.OBSERVATION, 9, values);

    String written =
        new String(
            JsonCodec.write(EntityJson.write(entity, QueryOptions.NONE, "http://h/v1.1")),
            StandardCharsets.UTF_8);

    assertThat(written)
        .isEqualTo(
            "{\"@iot.id\":9,\"@iot.selfLink\":\"http://h/v1.1/Observations(9)\","
                + "\"phenomenonTime\":\"2026-11-23T18:00:00Z\",\"resultTime\":null,"
                + "\"result\":{\"a\":[1,2]},"
                + "\"Datastream@iot.navigationLink\":\"http://h/v1.1/Observations(9)/Datastream\","
                + "\"MultiDatastream@iot.navigationLink\":"
                + "\"http://h/v1.1/Observations(9)/MultiDatastream\","
                + "\"FeatureOfInterest@iot.navigationLink\":"
                + "\"http://h/v1.1/Observations(9)/FeatureOfInterest\"}");
  }

  @Test
  void writes_only_what_select_names() {
    Entity entity = new Entity(EntityType.THING, 1, Map.of("name", "n", "description", "d"));
    QueryOptions options =
        new QueryOptions(OptionalInt.empty(), 0, false, List.of(), Set.of("name"));

    ObjectNode written = EntityJson.write(entity, options, "http://h/v1.1");

    assertThat(written.properties()).extracting(Map.Entry::getKey).containsExactly("name");
  }
}
