package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.civitas.app.config.ConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governance layer of a whole node, through its HTTP API only, as a city's operators, its data
 * protection officer and the public meet it: every write needs a principal, a department sees its
 * own data, personal data is read under a purpose and audited, collects only under an approved
 * Triple Test and with consent, expires by retention, and the register is public.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GovernanceEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "a-long-enough-password";

  @TempDir static Path workingDir;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private RunningCivitas civitas;
  private String admin;
  private String transport;
  private String health;
  private String utilities;
  private String dpo;

  @BeforeAll
  void startNodeWithDepartments() throws Exception {
    civitas =
        RunningCivitas.start(
            ConfigLoader.load(
                    Optional.empty(),
                    workingDir,
                    Map.of(
                        "CIVITAS_HTTP_HOST",
                        "127.0.0.1",
                        "CIVITAS_HTTP_PORT",
                        "0",
                        "CIVITAS_MQTT_ENABLED",
                        "false",
                        "CIVITAS_DATA_DIR",
                        workingDir.resolve("data").toString(),
                        Operators.ADMIN_PASSWORD_ENV,
                        Operators.ADMIN_PASSWORD))
                .config());
    admin = Operators.adminToken(client, base());
    transport = account("tara", "operator:transport");
    health = account("hugo", "operator:health");
    utilities = account("uma", "operator:utilities");
    dpo = account("dora", "dpo");

    expect(
        201,
        send(
            dpo,
            "POST",
            "/api/v1/governance/purposes",
            """
            {"id": "leak-detection", "name": "Leak detection",
             "description": "Finding leaks from household meter readings",
             "legalBasis": "public-task", "departments": ["utilities"], "identifying": false}"""));
    expect(
        201,
        send(
            dpo,
            "POST",
            "/api/v1/governance/purposes",
            """
            {"id": "energy-advice", "name": "Energy advice",
             "description": "Advice to residents who share their own meter",
             "legalBasis": "consent", "departments": ["utilities"], "identifying": false}"""));
    registerEntry("household-water-meters", "leak-detection");
    registerEntry("resident-shared-meters", "energy-advice");
    registerEntry("smart-plugs", "energy-advice");
    expect(200, send(dpo, "POST", "/api/v1/register/household-water-meters/approve", "{}"));
    expect(200, send(dpo, "POST", "/api/v1/register/resident-shared-meters/approve", "{}"));
    // smart-plugs stays a draft: its Triple Test is not approved.
  }

  @AfterAll
  void stop() {
    if (civitas != null) {
      civitas.close();
    }
    client.close();
  }

  // ------------------------------------------------------------------------------- identity

  @Test
  void anonymous_writes_are_refused_with_401_on_every_module() throws Exception {
    for (String path :
        List.of(
            "/v1.1/Things",
            "/api/v1/devices",
            "/api/v1/rules",
            "/api/v1/notification-channels",
            "/api/v1/governance/purposes",
            "/api/v1/register",
            "/api/v1/governance/consents")) {
      HttpResponse<String> answer = send(null, "POST", path, "{}");
      assertThat(answer.statusCode()).as("POST %s: %s", path, answer.body()).isEqualTo(401);
      assertThat(answer.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/problem+json");
      assertThat(answer.headers().firstValue("WWW-Authenticate")).isPresent();
    }
    assertThat(send(null, "GET", "/api/v1/devices", null).statusCode())
        .as("the device registry is not public")
        .isEqualTo(401);
  }

  @Test
  void the_technology_register_is_public_and_says_what_is_not_offered() throws Exception {
    JsonNode register = expect(200, send(null, "GET", "/api/v1/register", null));

    assertThat(register.path("value").findValuesAsText("id"))
        .contains("household-water-meters", "smart-plugs");
    assertThat(register.path("notOffered").findValuesAsText("capability"))
        .isNotEmpty()
        .anySatisfy(capability -> assertThat(capability).contains("facial"));
    HttpResponse<String> faces =
        send(
            transport,
            "POST",
            "/api/v1/register",
            entryJson("face-cams", "energy-advice", "transport", "[\"facial-recognition\"]"));
    assertThat(faces.statusCode()).as(faces.body()).isEqualTo(400);
    assertThat(JSON.readTree(faces.body()).path("field").asText()).startsWith("capabilities");
  }

  // --------------------------------------------------------------------------- data classes

  @Test
  void a_transport_operator_cannot_read_a_health_departments_datastream() throws Exception {
    long fridge = datastream("clinic fridge");
    expect(
        200,
        send(
            health,
            "PUT",
            "/api/v1/governance/datastreams/" + fridge,
            "{\"class\": \"internal\", \"department\": \"health\"}"));

    assertThat(status(health, "/v1.1/Datastreams(" + fridge + ")")).isEqualTo(200);
    HttpResponse<String> refused =
        send(transport, "GET", "/v1.1/Datastreams(" + fridge + ")", null);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(status(null, "/v1.1/Datastreams(" + fridge + ")")).isEqualTo(401);
  }

  @Test
  void personal_data_is_read_only_under_a_held_purpose_and_every_read_is_audited()
      throws Exception {
    long meter = personalMeter("household-1");
    expect(
        201,
        send(
            admin,
            "POST",
            "/v1.1/Datastreams(" + meter + ")/Observations",
            "{\"phenomenonTime\": \"" + Instant.now() + "\", \"result\": 12.5}"));
    String observations = "/v1.1/Datastreams(" + meter + ")/Observations";

    HttpResponse<String> withoutPurpose = send(utilities, "GET", observations, null);
    assertThat(withoutPurpose.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(withoutPurpose.body()).path("field").asText())
        .isEqualTo("Civitas-Purpose");
    assertThat(send(transport, "GET", observations, null, "leak-detection").statusCode())
        .as("a purpose the reader's department does not hold")
        .isEqualTo(403);
    JsonNode read = expect(200, send(utilities, "GET", observations, null, "leak-detection"));
    assertThat(read.path("value")).hasSize(1);

    JsonNode audit =
        expect(
            200,
            send(dpo, "GET", "/api/v1/governance/audit?action=personal-data.read&actor=uma", null));
    assertThat(audit.path("value"))
        .anySatisfy(
            entry -> assertThat(entry.path("target").asText()).contains(Long.toString(meter)));
  }

  @Test
  void nobody_sees_personal_observations_in_collections_without_a_purpose() throws Exception {
    long meter = personalMeter("household-2");
    expect(
        201,
        send(
            admin,
            "POST",
            "/v1.1/Datastreams(" + meter + ")/Observations",
            "{\"phenomenonTime\": \"" + Instant.now() + "\", \"result\": 987654.25}"));

    for (String token : new String[] {null, admin, utilities}) {
      String all = send(token, "GET", "/v1.1/Observations?$top=1000", null).body();
      assertThat(all).doesNotContain("987654.25");
      String expanded =
          send(token, "GET", "/v1.1/Things?$expand=Datastreams/Observations&$top=1000", null)
              .body();
      assertThat(expanded).doesNotContain("987654.25");
    }
  }

  @Test
  void a_personal_datastream_is_not_activated_without_an_approved_register_entry()
      throws Exception {
    long plug = datastream("smart plug");
    expect(
        200,
        send(
            utilities,
            "PUT",
            "/api/v1/governance/datastreams/" + plug,
            """
            {"class": "personal", "department": "utilities", "purposes": ["energy-advice"],
             "retention": "P30D", "technology": "smart-plugs", "subject": "resident-9"}"""));

    HttpResponse<String> refused =
        send(utilities, "POST", "/api/v1/governance/datastreams/" + plug + "/activate", "{}");
    assertThat(refused.statusCode()).as(refused.body()).isIn(403, 409);
    JsonNode problem = JSON.readTree(refused.body());
    assertThat(problem.path("field").asText()).isEqualTo("technology");
    assertThat(problem.path("detail").asText()).contains("smart-plugs").contains("approved");
    assertThat(
            send(admin, "POST", "/v1.1/Datastreams(" + plug + ")/Observations", "{\"result\": 1}")
                .statusCode())
        .as("an inactive personal Datastream collects nothing")
        .isEqualTo(403);
  }

  // ---------------------------------------------------------------------------------- consent

  @Test
  void withdrawing_consent_stops_collection_at_once_and_keeps_the_history() throws Exception {
    long shared = datastream("resident's own meter");
    expect(
        200,
        send(
            utilities,
            "PUT",
            "/api/v1/governance/datastreams/" + shared,
            """
            {"class": "personal", "department": "utilities", "purposes": ["energy-advice"],
             "retention": "P365D", "technology": "resident-shared-meters",
             "subject": "resident-7", "consentRequired": true}"""));
    expect(
        200,
        send(utilities, "POST", "/api/v1/governance/datastreams/" + shared + "/activate", "{}"));
    String observations = "/v1.1/Datastreams(" + shared + ")/Observations";
    assertThat(send(admin, "POST", observations, "{\"result\": 1}").statusCode())
        .as("no consent given yet")
        .isEqualTo(403);

    consent("resident-7", "given");
    assertThat(send(admin, "POST", observations, "{\"result\": 2}").statusCode()).isEqualTo(201);

    consent("resident-7", "withdrawn");
    HttpResponse<String> after = send(admin, "POST", observations, "{\"result\": 3}");
    assertThat(after.statusCode()).as("the next reading after the withdrawal").isEqualTo(403);
    assertThat(JSON.readTree(after.body()).path("code").asText()).isEqualTo("consent-withdrawn");

    JsonNode history =
        expect(200, send(dpo, "GET", "/api/v1/governance/consents?subject=resident-7", null));
    assertThat(history.toString()).contains("given").contains("withdrawn");
  }

  // -------------------------------------------------------------------------------- retention

  @Test
  void retention_removes_expired_personal_observations_and_reports_it() throws Exception {
    long meter = personalMeter("household-3");
    String observations = "/v1.1/Datastreams(" + meter + ")/Observations";
    Instant now = Instant.now();
    expect(
        201,
        send(
            admin,
            "POST",
            observations,
            "{\"phenomenonTime\": \"" + now.minus(Duration.ofDays(200)) + "\", \"result\": 1}"));
    expect(
        201,
        send(
            admin,
            "POST",
            observations,
            "{\"phenomenonTime\": \"" + now.minus(Duration.ofDays(1)) + "\", \"result\": 2}"));

    JsonNode report = expect(201, send(dpo, "POST", "/api/v1/governance/retention/runs", "{}"));

    JsonNode left =
        expect(200, send(utilities, "GET", observations + "?$count=true", null, "leak-detection"));
    assertThat(left.path("@iot.count").asInt()).as("the one inside 90 days stays").isEqualTo(1);
    assertThat(left.path("value").get(0).path("result").asInt()).isEqualTo(2);
    assertThat(report.toString()).contains(Long.toString(meter));
  }

  // ------------------------------------------------------------------ OWASP API Top 10 items

  @Test
  void broken_object_level_authorisation_another_departments_device_cannot_be_changed()
      throws Exception {
    long thing = thing("fridge sensor box", "box temperature");
    long stream = streamsOf(thing).getFirst();
    expect(
        201,
        send(
            health,
            "POST",
            "/api/v1/devices",
            "{\"id\": \"fridge-box-1\", \"thingId\": %d, \"name\": \"box\", \"fields\": {\"t\": %d}}"
                .formatted(thing, stream)));

    assertThat(status(transport, "/api/v1/devices/fridge-box-1")).isEqualTo(403);
    assertThat(
            send(transport, "PATCH", "/api/v1/devices/fridge-box-1", "{\"name\": \"mine\"}")
                .statusCode())
        .isEqualTo(403);
    assertThat(
            send(transport, "POST", "/api/v1/devices/fridge-box-1/credentials", "{}").statusCode())
        .as("nor can its secret be taken by rotating it")
        .isEqualTo(403);
  }

  @Test
  void broken_object_level_authorisation_another_departments_alarm_cannot_be_seen_or_handled()
      throws Exception {
    long fridge = datastream("vaccine fridge");
    JsonNode rule =
        expect(
            201,
            send(
                health,
                "POST",
                "/api/v1/rules",
                """
                {"name": "fridge too warm", "target": {"datastream": %d},
                 "condition": {"kind": "threshold", "op": ">", "value": 8, "hysteresis": 0.5},
                 "actions": [{"type": "raiseAlarm"}]}"""
                    .formatted(fridge)));
    assertThat(rule.path("department").asText()).isEqualTo("health");
    String ruleId = rule.path("id").asText();
    // A warm reading until the alarm is up: the engine takes a new rule up asynchronously, so the
    // first reading may come before it.
    JsonNode alarm =
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  expect(
                      201,
                      send(
                          admin,
                          "POST",
                          "/v1.1/Datastreams(" + fridge + ")/Observations",
                          "{\"phenomenonTime\": \"" + Instant.now() + "\", \"result\": 12.5}"));
                  return expect(200, send(health, "GET", "/api/v1/alarms?ruleId=" + ruleId, null))
                      .path("value")
                      .path(0);
                },
                found -> !found.isMissingNode());

    String path = "/api/v1/alarms/" + alarm.path("id").asText();
    assertThat(status(transport, path)).isEqualTo(403);
    assertThat(send(transport, "POST", path + "/acknowledge", "{}").statusCode()).isEqualTo(403);
    assertThat(
            expect(200, send(transport, "GET", "/api/v1/alarms?ruleId=" + ruleId, null))
                .path("value"))
        .as("another department's alarms are not listed")
        .isEmpty();
    JsonNode acknowledged = expect(200, send(health, "POST", path + "/acknowledge", "{}"));
    assertThat(acknowledged.path("acknowledgedBy").asText()).isEqualTo("hugo");
  }

  @Test
  void mass_assignment_server_owned_fields_are_refused_naming_them() throws Exception {
    long stream = datastream("plain stream");
    HttpResponse<String> active =
        send(
            admin,
            "PUT",
            "/api/v1/governance/datastreams/" + stream,
            "{\"class\": \"public\", \"active\": true}");
    assertThat(active.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(active.body()).path("field").asText()).isEqualTo("active");

    HttpResponse<String> approved =
        send(
            utilities,
            "PUT",
            "/api/v1/register/smart-plugs",
            entryJson("smart-plugs", "energy-advice", "utilities", "[]")
                .replaceFirst("\\{", "{\"status\": \"APPROVED\", "));
    assertThat(approved.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(approved.body()).path("field").asText()).isEqualTo("status");

    HttpResponse<String> selfPromotion =
        send(transport, "PATCH", "/api/v1/governance/accounts/tara", "{\"roles\": [\"admin\"]}");
    assertThat(selfPromotion.statusCode()).isEqualTo(403);
  }

  @Test
  void excessive_data_exposure_no_listing_carries_a_secret_a_hash_or_a_subject() throws Exception {
    String accounts = send(admin, "GET", "/api/v1/governance/accounts", null).body();
    assertThat(accounts)
        .contains("tara")
        .doesNotContain("argon2")
        .doesNotContainIgnoringCase("hash");
    String keys = send(admin, "GET", "/api/v1/governance/api-keys", null).body();
    assertThat(keys).doesNotContain("cvk_");
    long meter = personalMeter("household-4");
    String policy = send(utilities, "GET", "/api/v1/governance/datastreams/" + meter, null).body();
    assertThat(policy).doesNotContain("household-4").contains("pseud-");
  }

  // ------------------------------------------------------------------------------- helpers

  private URI base() {
    return URI.create("http://127.0.0.1:" + civitas.port());
  }

  /** Creates an account with one role and answers a session token of it. */
  private String account(String name, String role) throws Exception {
    expect(
        201,
        send(
            admin,
            "POST",
            "/api/v1/governance/accounts",
            "{\"name\": \"%s\", \"password\": \"%s\", \"roles\": [\"%s\"]}"
                .formatted(name, PASSWORD, role)));
    JsonNode signedIn =
        expect(
            200,
            send(
                null,
                "POST",
                "/api/v1/auth/sign-in",
                "{\"name\": \"%s\", \"password\": \"%s\"}".formatted(name, PASSWORD)));
    return signedIn.path("token").asText();
  }

  private void registerEntry(String id, String purpose) throws Exception {
    expect(
        201,
        send(utilities, "POST", "/api/v1/register", entryJson(id, purpose, "utilities", "[]")));
  }

  private static String entryJson(
      String id, String purpose, String department, String capabilities) {
    return """
        {"id": "%s", "name": "%s", "collects": "readings of a meter", "purposes": ["%s"],
         "cityWide": true, "department": "%s", "dataClasses": ["personal"],
         "capabilities": %s,
         "tripleTest": {
           "appropriate": {"answer": "yes", "reasoning": "it finds what it is for"},
           "necessary": {"answer": "yes", "reasoning": "nothing less intrusive would"},
           "proportionate": {"answer": "yes", "reasoning": "hourly totals, kept briefly"}}}"""
        .formatted(id, id, purpose, department, capabilities);
  }

  /** A household's water meter: personal, for leak detection, kept 90 days, active. */
  private long personalMeter(String household) throws Exception {
    long meter = datastream("water meter of " + household);
    expect(
        200,
        send(
            utilities,
            "PUT",
            "/api/v1/governance/datastreams/" + meter,
            """
            {"class": "personal", "department": "utilities", "purposes": ["leak-detection"],
             "retention": "P90D", "technology": "household-water-meters", "subject": "%s"}"""
                .formatted(household)));
    expect(
        200,
        send(utilities, "POST", "/api/v1/governance/datastreams/" + meter + "/activate", "{}"));
    return meter;
  }

  private void consent(String subject, String decision) throws Exception {
    expect(
        201,
        send(
            dpo,
            "POST",
            "/api/v1/governance/consents",
            "{\"subject\": \"%s\", \"purpose\": \"energy-advice\", \"decision\": \"%s\","
                    .formatted(subject, decision)
                + " \"channel\": \"staffed\"}"));
  }

  /** A new Thing with one Datastream; answers the Datastream's id. */
  private long datastream(String name) throws Exception {
    return streamsOf(thing(name, name)).getFirst();
  }

  private long thing(String name, String stream) throws Exception {
    JsonNode created =
        expect(
            201,
            send(
                admin,
                "POST",
                "/v1.1/Things",
                """
                {"name": "%s", "description": "a thing",
                 "Locations": [{"name": "site", "description": "where it is",
                   "encodingType": "application/geo+json",
                   "location": {"type": "Point", "coordinates": [8.4, 49.0]}}],
                 "Datastreams": [{"name": "%s", "description": "a stream",
                   "observationType":
                     "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
                   "unitOfMeasurement": {"name": "litre", "symbol": "L"},
                   "Sensor": {"name": "s", "description": "s", "encodingType": "text/plain",
                              "metadata": "none"},
                   "ObservedProperty": {"name": "%s", "definition": "urn:p", "description": "p"}}]}"""
                    .formatted(name, stream, stream)));
    return created.path("@iot.id").asLong();
  }

  private List<Long> streamsOf(long thing) throws Exception {
    List<Long> ids = new ArrayList<>();
    expect(200, send(admin, "GET", "/v1.1/Things(" + thing + ")/Datastreams", null))
        .path("value")
        .forEach(stream -> ids.add(stream.path("@iot.id").asLong()));
    return ids;
  }

  private int status(String token, String path) throws Exception {
    return send(token, "GET", path, null).statusCode();
  }

  private static JsonNode expect(int status, HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode())
        .as("%s %s: %s", answer.request().method(), answer.uri(), answer.body())
        .isEqualTo(status);
    return answer.body().isEmpty() ? JSON.nullNode() : JSON.readTree(answer.body());
  }

  private HttpResponse<String> send(String token, String method, String path, String body)
      throws Exception {
    return send(token, method, path, body, null);
  }

  private HttpResponse<String> send(
      String token, String method, String path, String body, String purpose) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (purpose != null) {
      request.header("Civitas-Purpose", purpose);
    }
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
