package org.civitas.devices.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.civitas.devices.http.Http.Answer;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.DeviceStore;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.Callers;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The device API end to end: a real {@link CivitasServer} on a free port of 127.0.0.1 with the
 * device routes, the registry and the ingest pipeline wired as the app wires them. One subclass per
 * storage engine supplies the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeviceApiContract {
  private static final String MEASUREMENT =
      "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";

  private SensingStore store;
  private CivitasServer server;
  private DeviceIngest ingest;
  private Http http;

  /**
   * Who the requests of a test come from, as the governance gate of a node would set it (the gate
   * is another module's); null for none.
   */
  private volatile Principal actingAs;

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
    DeviceStore devices = Storage.devices(store);
    Clock clock = Clock.systemUTC();
    DeviceRegistry registry = new DeviceRegistry(devices, server.sensing(), clock);
    ingest = DeviceIngest.start(registry, devices, server.sensing(), Duration.ofMillis(200));
    server.withRoutes(
        routes ->
            routes.before(
                ctx -> {
                  Principal principal = actingAs;
                  if (principal != null) {
                    Callers.set(ctx, principal);
                  }
                }));
    server.withRoutes(routes -> DeviceRoutes.register(routes, registry, ingest, clock));
    http = new Http(server.start());
  }

  @AfterAll
  void stopServer() {
    server.stop();
    ingest.close();
    store.close();
    cleanUp();
  }

  // ------------------------------------------------------------------------------ helpers

  /** A Thing with the named Datastreams; the Thing's id, then each Datastream's id. */
  private List<Long> thing(String... streams) {
    List<String> datastreams = new ArrayList<>();
    for (String stream : streams) {
      datastreams.add(
          """
          {"name": "%s", "description": "a stream", "observationType": "%s",
           "unitOfMeasurement": {"name": "percent", "symbol": "%%", "definition": "ucum:%%"},
           "Sensor": {"name": "s", "description": "s", "encodingType": "application/pdf",
                      "metadata": "https://example.org/s.pdf"},
           "ObservedProperty": {"name": "%s", "definition": "https://example.org/p",
                                "description": "p"}}"""
              .formatted(stream, MEASUREMENT, stream));
    }
    Answer created =
        http.post(
            "/v1.1/Things",
            """
            {"name": "bin", "description": "a bin",
             "Locations": [{"name": "gate", "description": "at the gate",
               "encodingType": "application/geo+json",
               "location": {"type": "Point", "coordinates": [8.4, 49.0]}}],
             "Datastreams": [%s]}"""
                .formatted(String.join(",", datastreams)));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long thing = created.json().get("@iot.id").asLong();
    List<Long> ids = new ArrayList<>(List.of(thing));
    JsonNode value =
        http.get("/v1.1/Things(" + thing + ")/Datastreams?$orderby=id").json().get("value");
    value.forEach(stream -> ids.add(stream.get("@iot.id").asLong()));
    return ids;
  }

  private static String unique() {
    return "bin-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Provisions a device for a Thing with fill and temperature; answers its JSON. */
  private JsonNode provision(String id, List<Long> thing) {
    Answer answer =
        http.post(
            "/api/v1/devices",
            """
            {"id": "%s", "thingId": %d, "name": "bin at the gate", "district": "Mitte",
             "fields": {"fill": %d, "temperature": %d}, "expectedInterval": "PT15M"}"""
                .formatted(id, thing.get(0), thing.get(1), thing.get(2)));
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json();
  }

  private Answer uplink(String id, String token, String payload) {
    return http.post("/api/v1/devices/" + id + "/uplink", "application/json", payload, token);
  }

  private static void assertProblem(Answer answer, int status, String field) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    if (field != null) {
      assertThat(answer.json().get("field").asText()).isEqualTo(field);
    }
  }

  private static Principal operator(Department department) {
    return new Principal(
        department.wireName() + "-operator",
        Principal.Kind.ACCOUNT,
        Set.of(new Role.Operator(department)));
  }

  // -------------------------------------------------------------------------------- tests

  @Test
  void a_department_sees_and_changes_only_its_own_devices() {
    List<Long> thing = thing("fill", "temperature");
    String id = unique();
    try {
      actingAs = operator(Department.WASTE);
      JsonNode device = provision(id, thing);
      assertThat(device.get("department").asText())
          .as("an operator of one department provisions for it")
          .isEqualTo("waste");
      assertThat(http.get("/api/v1/devices/" + id).status()).isEqualTo(200);

      actingAs = operator(Department.TRANSPORT);
      assertProblem(http.get("/api/v1/devices/" + id), 403, "department");
      assertProblem(
          http.patch("/api/v1/devices/" + id, "{\"name\": \"mine now\"}"), 403, "department");
      assertProblem(http.post("/api/v1/devices/" + id + "/revoke", "{}"), 403, "department");
      assertProblem(http.post("/api/v1/devices/" + id + "/credentials", "{}"), 403, "department");
      assertThat(http.get("/api/v1/devices?top=1000").json().get("value"))
          .extracting(d -> d.get("id").asText())
          .doesNotContain(id);

      actingAs = operator(Department.WASTE);
      assertProblem(
          http.patch("/api/v1/devices/" + id, "{\"department\": \"transport\"}"),
          403,
          "department");
      assertThat(http.get("/api/v1/devices?top=1000").json().get("value"))
          .extracting(d -> d.get("id").asText())
          .contains(id);

      actingAs = new Principal("root", Principal.Kind.ACCOUNT, Set.of(new Role.Administrator()));
      Answer handedOver = http.patch("/api/v1/devices/" + id, "{\"department\": \"transport\"}");
      assertThat(handedOver.status()).as(handedOver.body()).isEqualTo(200);
      assertThat(handedOver.json().get("department").asText()).isEqualTo("transport");
    } finally {
      actingAs = null;
    }
  }

  @Test
  void an_operator_cannot_provision_a_device_for_another_department() {
    List<Long> thing = thing("fill", "temperature");
    try {
      actingAs = operator(Department.WASTE);
      Answer answer =
          http.post(
              "/api/v1/devices",
              """
              {"id": "%s", "thingId": %d, "name": "not mine", "department": "health",
               "fields": {"fill": %d}}"""
                  .formatted(unique(), thing.get(0), thing.get(1)));
      assertProblem(answer, 403, "department");
    } finally {
      actingAs = null;
    }
  }

  @Test
  void a_provisioned_device_uplinks_with_its_bearer_token_and_its_observations_are_readable() {
    List<Long> thing = thing("fill", "temperature");
    String id = unique();
    JsonNode device = provision(id, thing);
    String secret = device.get("secret").asText();
    assertThat(secret).hasSize(43);

    Answer sent = uplink(id, secret, "{\"fill\":73.5,\"temperature\":21.25,\"noise\":3}");

    assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    assertThat(sent.json().get("observations")).hasSize(2);
    assertThat(sent.json().get("unmapped").get(0).asText()).isEqualTo("noise");
    JsonNode fill =
        http.get("/v1.1/Datastreams(" + thing.get(1) + ")/Observations").json().get("value");
    assertThat(fill).hasSize(1);
    assertThat(fill.get(0).get("result").decimalValue()).isEqualByComparingTo("73.5");
    assertThat(fill.get(0).get("@iot.id").asLong())
        .isEqualTo(sent.json().get("observations").get(0).asLong());
    JsonNode temperature =
        http.get("/v1.1/Datastreams(" + thing.get(2) + ")/Observations").json().get("value");
    assertThat(temperature.get(0).get("result").decimalValue()).isEqualByComparingTo("21.25");
  }

  @Test
  void a_read_device_never_shows_its_secret_and_shows_its_activity_once_flushed() {
    List<Long> thing = thing("fill", "temperature");
    String id = unique();
    String secret = provision(id, thing).get("secret").asText();
    assertThat(uplink(id, secret, "{\"fill\":1}").status()).isEqualTo(201);

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !http.get("/api/v1/devices/" + id).json().get("activity").isNull());
    Answer read = http.get("/api/v1/devices/" + id);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).doesNotContain(secret).doesNotContain("secret").doesNotContain("hash");
    assertThat(read.json().get("fields").get("fill").asLong()).isEqualTo(thing.get(1));
    assertThat(read.json().get("expectedInterval").asText()).isEqualTo("PT15M");
    assertThat(read.json().get("activity").get("uplinks").asLong()).isEqualTo(1);
  }

  @Test
  void a_missing_or_wrong_token_is_401_with_a_bearer_challenge() {
    List<Long> thing = thing("fill", "temperature");
    String id = unique();
    provision(id, thing);

    Answer missing = uplink(id, null, "{\"fill\":1}");
    assertProblem(missing, 401, "Authorization");
    assertThat(missing.authenticate()).startsWith("Bearer");
    Answer wrong = uplink(id, "not-the-secret", "{\"fill\":1}");
    assertProblem(wrong, 401, "Authorization");
    assertThat(wrong.authenticate()).startsWith("Bearer").contains("invalid_token");
    assertThat(http.get("/v1.1/Datastreams(" + thing.get(1) + ")/Observations").json().get("value"))
        .isEmpty();
  }

  @Test
  void a_revoked_device_is_401_at_once_and_a_rotated_secret_refuses_the_old_one() {
    List<Long> thing = thing("fill", "temperature");
    String id = unique();
    String secret = provision(id, thing).get("secret").asText();
    assertThat(uplink(id, secret, "{\"fill\":1}").status()).isEqualTo(201);

    Answer rotated = http.post("/api/v1/devices/" + id + "/credentials", "");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String next = rotated.json().get("secret").asText();
    assertProblem(uplink(id, secret, "{\"fill\":2}"), 401, "Authorization");
    assertThat(uplink(id, next, "{\"fill\":3}").status()).isEqualTo(201);

    Answer revoked = http.post("/api/v1/devices/" + id + "/revoke", "");
    assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
    assertThat(revoked.json().get("state").asText()).isEqualTo("revoked");
    Answer refused = uplink(id, next, "{\"fill\":4}");
    assertProblem(refused, 401, "Authorization");
    assertThat(refused.authenticate()).startsWith("Bearer");
    assertThat(http.get("/v1.1/Datastreams(" + thing.get(1) + ")/Observations").json().get("value"))
        .hasSize(2);
  }

  @Test
  void a_token_of_another_device_is_403() {
    List<Long> thing = thing("fill", "temperature");
    String mine = unique();
    String theirs = unique();
    provision(mine, thing);
    String theirSecret = provision(theirs, thing).get("secret").asText();

    assertProblem(uplink(mine, theirSecret, "{\"fill\":1}"), 403, "id");
  }

  @Test
  void a_field_mapped_to_a_datastream_of_another_thing_is_refused_at_provisioning() {
    List<Long> mine = thing("fill");
    List<Long> other = thing("fill");
    String id = unique();
    Answer answer =
        http.post(
            "/api/v1/devices",
            """
            {"id": "%s", "thingId": %d, "name": "x", "fields": {"fill": %d}}"""
                .formatted(id, mine.get(0), other.get(1)));

    assertProblem(answer, 400, "fields.fill");
    assertThat(http.get("/api/v1/devices/" + id).status()).isEqualTo(404);
  }

  @Test
  void bad_bodies_are_problems_naming_the_field_and_a_taken_id_is_a_conflict() {
    List<Long> thing = thing("fill", "temperature");
    String id = unique();
    provision(id, thing);
    assertProblem(
        http.post("/api/v1/devices", "{\"id\": \"x y\", \"thingId\": 1, \"name\": \"n\"}"),
        400,
        "id");
    assertProblem(
        http.post("/api/v1/devices", "{\"id\": \"a\", \"thingId\": \"one\", \"name\": \"n\"}"),
        400,
        "thingId");
    assertProblem(
        http.post(
            "/api/v1/devices",
            "{\"id\": \"a\", \"thingId\": " + thing.get(0) + ", \"name\": \"n\", \"colour\": 1}"),
        400,
        "colour");
    assertProblem(
        http.post(
            "/api/v1/devices",
            "{\"id\": \"" + id + "\", \"thingId\": " + thing.get(0) + ", \"name\": \"n\"}"),
        409,
        "id");
  }

  @Test
  void devices_are_imported_from_csv_whole_or_not_at_all() {
    List<Long> thing = thing("fill", "temperature");
    String a = unique();
    String b = unique();
    String bad =
        "id,name,thing_id,fields\n"
            + a
            + ",first,"
            + thing.get(0)
            + ",fill="
            + thing.get(1)
            + "\n"
            + b
            + ",second,nope,\n";
    Answer refused = http.post("/api/v1/devices/import", "text/csv", bad, null);
    assertProblem(refused, 400, "csv");
    assertThat(refused.json().get("problems").get(0).get("line").asInt()).isEqualTo(3);
    assertThat(refused.json().get("problems").get(0).get("column").asText()).isEqualTo("thing_id");
    assertThat(http.get("/api/v1/devices/" + a).status()).isEqualTo(404);

    String good = bad.replace(",nope,", "," + thing.get(0) + ",");
    Answer imported = http.post("/api/v1/devices/import", "text/csv", good, null);
    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    JsonNode devices = imported.json().get("devices");
    assertThat(devices).hasSize(2);
    String secret = devices.get(0).get("secret").asText();
    assertThat(uplink(a, secret, "{\"fill\":5}").status()).isEqualTo(201);
  }

  @Test
  void devices_are_listed_by_state_and_district_in_pages_and_patched() {
    List<Long> thing = thing("fill", "temperature");
    String district = "d-" + UUID.randomUUID().toString().substring(0, 6);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = district + "-" + i;
      ids.add(id);
      Answer created =
          http.post(
              "/api/v1/devices",
              """
              {"id": "%s", "thingId": %d, "name": "n", "district": "%s"}"""
                  .formatted(id, thing.get(0), district));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
    }
    http.post("/api/v1/devices/" + ids.get(2) + "/revoke", "");

    JsonNode first = http.get("/api/v1/devices?district=" + district + "&top=2").json();
    assertThat(first.get("value")).hasSize(2);
    assertThat(first.get("value").get(0).get("id").asText()).isEqualTo(ids.get(0));
    JsonNode second = http.get(first.get("nextLink").asText()).json();
    assertThat(second.get("value")).hasSize(1);
    assertThat(second.has("nextLink")).isFalse();
    JsonNode active =
        http.get("/api/v1/devices?district=" + district + "&state=active").json().get("value");
    assertThat(active).hasSize(2);
    assertProblem(http.get("/api/v1/devices?state=asleep"), 400, "state");

    Answer patched =
        http.patch(
            "/api/v1/devices/" + ids.get(0),
            "{\"name\": \"renamed\", \"fields\": {\"level\": " + thing.get(1) + "}}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().get("name").asText()).isEqualTo("renamed");
    assertThat(patched.json().get("fields").get("level").asLong()).isEqualTo(thing.get(1));
    assertProblem(http.patch("/api/v1/devices/" + ids.get(0), "{\"thingId\": 3}"), 400, "thingId");
  }

  @Test
  void profiles_are_put_read_and_listed_and_uplinks_are_decoded_by_the_profile_codec() {
    List<Long> thing = thing("fill", "temperature");
    String name = "lpp-" + UUID.randomUUID().toString().substring(0, 6);
    Answer put = http.put("/api/v1/device-profiles/" + name, "{\"codec\": \"cayenne-lpp\"}");
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(http.get("/api/v1/device-profiles/" + name).json().get("codec").asText())
        .isEqualTo("cayenne-lpp");
    assertThat(http.get("/api/v1/device-profiles").json().get("value").findValuesAsText("name"))
        .contains(name);
    assertProblem(http.put("/api/v1/device-profiles/x", "{\"codec\": \"morse\"}"), 400, "codec");
    assertProblem(
        http.put(
            "/api/v1/device-profiles/layout-x",
            """
            {"codec": "byte-layout",
             "codecSpec": {"fields": [{"name": "fill", "offset": 0, "type": "uint99"}]}}"""),
        400,
        "codec.fields[0].type");

    String id = unique();
    Answer created =
        http.post(
            "/api/v1/devices",
            """
            {"id": "%s", "thingId": %d, "name": "n", "profile": "%s",
             "fields": {"temperature_1": %d}}"""
                .formatted(id, thing.get(0), name, thing.get(1)));
    String secret = created.json().get("secret").asText();
    // Cayenne LPP channel 1, temperature (0.1 degC, signed): 0xFF38 = -200 -> -20.0 degC.
    byte[] lpp = {0x01, 0x67, (byte) 0xFF, 0x38};
    Answer stored =
        http.postBytes(
            "/api/v1/devices/" + id + "/uplink", "application/octet-stream", lpp, secret);
    assertThat(stored.status()).as(stored.body()).isEqualTo(201);
    Answer read = http.get("/v1.1/Datastreams(" + thing.get(1) + ")/Observations?$select=result");
    assertThat(read.json().get("value").get(0).get("result").asDouble()).isEqualTo(-20.0);
    assertProblem(uplink(id, secret, "{\"fill\":1}"), 400, "payload");
  }
}
