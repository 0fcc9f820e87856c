package org.civitas.governance.classes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.civitas.error.ForbiddenException;
import org.civitas.governance.classes.Http.Answer;
import org.civitas.governance.classes.Http.Caller;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.Callers;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.SensingFixtures.Graph;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data classes, purposes, activation, consent and pseudonyms across the HTTP API (issue 7, parts 2
 * and 3), on a real server on a free port of 127.0.0.1 over real storage; one subclass per engine.
 * The principal comes from a test gate reading the {@value Http#AS} header (the real gate is the
 * identity part's); purposes, technology approvals, consent and the audit log are the small in-test
 * implementations of {@link Governance}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DataClassesApiContract {

  static final Caller TRANSPORT = new Caller("tom operator:transport", null);
  static final Caller HEALTH = new Caller("hana operator:health", null);
  static final Caller EMERGENCY = new Caller("emil operator:emergency", null);
  static final Caller DPO = new Caller("dora dpo", null);
  static final Caller ADMIN = new Caller("ada admin", null);

  private static final String OBSERVATION = "{\"result\": 21.5}";

  private final AtomicInteger names = new AtomicInteger();
  private final Governance.Approvals approvals = new Governance.Approvals();
  private final Governance.Consents consents = new Governance.Consents();
  private final Governance.RecordingAudit audit = new Governance.RecordingAudit();

  SensingStore store;
  DatastreamPolicies policies;
  CivitasServer server;
  Http http;

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void startServer() {
    store = openStore();
    approvals.enter("fall-sensors", true);
    approvals.enter("face-cams", false);
    approvals.enter("smart-meters", true);
    policies =
        new DatastreamPolicies(
            Storage.datastreamPolicies(store),
            Governance.REGISTER,
            approvals,
            audit,
            id -> store.find(EntityType.DATASTREAM, id, Set.of()).isPresent());
    DataClassGuard guard =
        new DataClassGuard(policies, consents, audit, Pseudonyms.withRandomSecret());
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    server.withGuard(guard);
    server.withRoutes(
        routes -> {
          routes.before(DataClassesApiContract::testGate);
          DatastreamPolicyRoutes.register(routes, policies, guard);
        });
    http = new Http(server.start());
  }

  @AfterAll
  void stopServer() {
    server.stop();
    policies.close();
    store.close();
    cleanUp();
  }

  /** The test's stand-in for the identity gate: "id role role..." in a header. */
  private static void testGate(io.javalin.http.Context ctx) {
    String as = ctx.header(Http.AS);
    if (as != null) {
      List<String> parts = Arrays.asList(as.trim().split(" +"));
      Set<Role> roles = new HashSet<>();
      parts.subList(1, parts.size()).forEach(role -> roles.add(Role.parse(role)));
      Callers.set(ctx, new Principal(parts.getFirst(), Principal.Kind.ACCOUNT, roles));
    }
  }

  // ------------------------------------------------------------------------------ fixtures

  private Graph graph() {
    return SensingFixtures.graph(store, "classes-" + names.incrementAndGet());
  }

  private long observe(Caller who, long datastream) {
    Answer created =
        http.post(who, "/v1.1/Datastreams(" + datastream + ")/Observations", OBSERVATION);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("@iot.id").asLong();
  }

  private Answer classify(Caller who, long datastream, String body) {
    return http.put(who, "/api/v1/governance/datastreams/" + datastream, body);
  }

  private static String personal(String technology, String extra) {
    return "{\"class\":\"personal\",\"department\":\"health\","
        + "\"purposes\":[\"care-visits\",\"care-emergency\"],\"retention\":\"P30D\","
        + "\"technology\":\""
        + technology
        + "\""
        + extra
        + "}";
  }

  /** A Datastream with two Observations taken before it was classified personal (inactive). */
  private record Personal(Graph graph, long first, long second) {
    long id() {
      return graph.datastream();
    }
  }

  private Personal personalStream() {
    Graph graph = graph();
    long first = observe(HEALTH, graph.datastream());
    long second = observe(HEALTH, graph.datastream());
    Answer classified = classify(DPO, graph.datastream(), personal("fall-sensors", ""));
    assertThat(classified.status()).as(classified.body()).isEqualTo(200);
    return new Personal(graph, first, second);
  }

  private static Set<Long> ids(JsonNode array) {
    Set<Long> ids = new HashSet<>();
    array.forEach(item -> ids.add(item.get("@iot.id").asLong()));
    return ids;
  }

  // ------------------------------------------------------------------------------ reading

  @Test
  void a_transport_operator_reading_a_health_datastream_is_refused() {
    Graph graph = graph();
    long observation = observe(HEALTH, graph.datastream());
    assertThat(
            classify(DPO, graph.datastream(), "{\"class\":\"internal\",\"department\":\"health\"}")
                .status())
        .isEqualTo(200);
    String path = "/v1.1/Datastreams(" + graph.datastream() + ")";

    Answer refused = http.get(TRANSPORT, path);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("detail").asText()).contains("health department");
    assertThat(http.get(TRANSPORT, path + "/Observations").status()).isEqualTo(403);
    assertThat(http.get(TRANSPORT, "/v1.1/Observations(" + observation + ")").status())
        .isEqualTo(403);
    assertThat(http.get(TRANSPORT, "/v1.0/Datastreams(" + graph.datastream() + ")").status())
        .isEqualTo(403);
    assertThat(http.get(HEALTH, path).status()).isEqualTo(200);
    assertThat(http.get(new Caller("hanna operator:health@Harbour", null), path).status())
        .as("an operator of the department in one district only")
        .isEqualTo(200);
    assertThat(http.get(DPO, path).status()).isEqualTo(200);
    assertThat(http.get(ADMIN, path).status()).isEqualTo(200);
  }

  @Test
  void anonymous_readers_get_401_for_internal_data_and_200_for_public_data() {
    Graph graph = graph();
    observe(HEALTH, graph.datastream());
    String path = "/v1.1/Datastreams(" + graph.datastream() + ")";

    Answer unclassified = http.get(Caller.ANONYMOUS, path);
    assertThat(unclassified.status()).isEqualTo(401);
    assertThat(unclassified.code()).isEqualTo("unauthorized");
    assertThat(
            http.get(Caller.ANONYMOUS, "/v1.1/MultiDatastreams(" + graph.multiDatastream() + ")")
                .status())
        .isEqualTo(401);
    assertThat(http.get(HEALTH, path).status()).as("unclassified is internal").isEqualTo(200);

    assertThat(classify(DPO, graph.datastream(), "{\"class\":\"public\"}").status()).isEqualTo(200);

    assertThat(http.get(Caller.ANONYMOUS, path).status()).isEqualTo(200);
    Answer observations = http.get(Caller.ANONYMOUS, path + "/Observations");
    assertThat(observations.status()).isEqualTo(200);
    assertThat(observations.json().get("value")).hasSize(1);
    Answer anonymousList =
        http.get(Caller.ANONYMOUS, "/v1.1/Things(" + graph.thing() + ")/Datastreams");
    assertThat(ids(anonymousList.json().get("value"))).containsExactly(graph.datastream());
  }

  @Test
  void a_personal_datastream_without_a_purpose_is_403_purpose_required_on_every_direct_read() {
    Personal personal = personalStream();
    String stream = "/v1.1/Datastreams(" + personal.id() + ")";
    String observation = "/v1.1/Observations(" + personal.first() + ")";

    for (String path :
        List.of(
            stream,
            stream + "/Observations",
            stream + "/Observations(" + personal.first() + ")",
            stream + "/name",
            stream + "/Thing",
            observation,
            observation + "/result",
            observation + "/result/$value",
            observation + "/Datastream",
            "/v1.1/Things(" + personal.graph().thing() + ")/Datastreams(" + personal.id() + ")",
            "/api/v1/latest?datastreams=" + personal.id(),
            "/api/v1/datastreams/"
                + personal.id()
                + "/aggregate?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&bucket=1d")) {
      Answer refused = http.get(HEALTH, path);
      assertThat(refused.status()).as(path + ": " + refused.body()).isEqualTo(403);
      assertThat(refused.code()).as(path).isEqualTo("purpose-required");
      assertThat(refused.field()).as(path).isEqualTo("Civitas-Purpose");
    }
    assertThat(http.get(Caller.ANONYMOUS, stream).status()).isEqualTo(401);
    assertThat(audit.of("personal-data.read", "Datastreams(" + personal.id() + ")")).isEmpty();
  }

  @Test
  void a_personal_datastream_with_an_allowed_purpose_is_200_and_audited() {
    Personal personal = personalStream();
    String path = "/v1.1/Datastreams(" + personal.id() + ")/Observations";

    Answer read = http.get(HEALTH.forPurpose("care-visits"), path);

    assertThat(read.status()).as(read.body()).isEqualTo(200);
    assertThat(ids(read.json().get("value")))
        .containsExactlyInAnyOrder(personal.first(), personal.second());
    assertThat(audit.of("personal-data.read", "Datastreams(" + personal.id() + ")"))
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.actor()).isEqualTo("hana");
              assertThat(event.details())
                  .containsEntry("purpose", "care-visits")
                  .containsEntry("path", path);
            });
    assertThat(
            http.get(
                    HEALTH.forPurpose("care-visits"), "/api/v1/latest?datastreams=" + personal.id())
                .status())
        .isEqualTo(200);
  }

  @Test
  void a_purpose_the_datastream_does_not_declare_or_the_reader_does_not_hold_is_refused() {
    Personal personal = personalStream();
    String path = "/v1.1/Datastreams(" + personal.id() + ")";

    Answer undeclared = http.get(HEALTH.forPurpose("traffic-planning"), path);
    assertThat(undeclared.status()).isEqualTo(403);
    assertThat(undeclared.code()).isEqualTo("purpose-not-allowed");
    assertThat(http.get(TRANSPORT.forPurpose("care-visits"), path).status())
        .as("transport holds no health purpose")
        .isEqualTo(403);
    assertThat(http.get(HEALTH.forPurpose("no-such-purpose"), path).status()).isEqualTo(403);
    assertThat(http.get(DPO.forPurpose("care-visits"), path).status())
        .as("the DPO oversees but holds no purpose")
        .isEqualTo(403);
    assertThat(http.get(EMERGENCY.forPurpose("care-emergency"), path).status())
        .as("emergency holds care-emergency, which the Datastream declares")
        .isEqualTo(200);
  }

  @Test
  void collections_and_expansions_do_not_show_personal_observations_without_a_purpose() {
    Personal personal = personalStream();
    Graph open = graph();
    long openObservation = observe(HEALTH, open.datastream());
    Set<Long> secret = Set.of(personal.first(), personal.second());

    Answer all = http.get(TRANSPORT, "/v1.1/Observations?$count=true&$top=1000");
    assertThat(all.status()).isEqualTo(200);
    assertThat(ids(all.json().get("value")))
        .contains(openObservation)
        .doesNotContainAnyElementsOf(secret);
    assertThat(all.json().get("@iot.count").asLong())
        .as("$count counts only what may be shown")
        .isEqualTo(all.json().get("value").size());

    Set<Long> paged = new HashSet<>();
    String next = "/v1.1/Observations?$top=2";
    for (int page = 0; next != null && page < 500; page++) {
      JsonNode body = http.get(TRANSPORT, next).json();
      paged.addAll(ids(body.get("value")));
      next = body.has("@iot.nextLink") ? body.get("@iot.nextLink").asText() : null;
    }
    assertThat(next).as("paging ended").isNull();
    assertThat(paged).contains(openObservation).doesNotContainAnyElementsOf(secret);

    JsonNode thing =
        http.get(
                TRANSPORT,
                "/v1.1/Things("
                    + personal.graph().thing()
                    + ")?$expand=Datastreams($expand=Observations;$count=true)")
            .json();
    assertThat(thing.get("Datastreams")).isEmpty();

    JsonNode sensor =
        http.get(TRANSPORT, "/v1.1/Sensors(" + personal.graph().sensor() + ")?$expand=Datastreams")
            .json();
    assertThat(sensor.get("Datastreams")).isEmpty();
    JsonNode datastreams = http.get(TRANSPORT, "/v1.1/Datastreams?$top=1000&$count=true").json();
    assertThat(ids(datastreams.get("value")))
        .contains(open.datastream())
        .doesNotContain(personal.id());

    long feature =
        http.get(
                HEALTH.forPurpose("care-visits"),
                "/v1.1/Observations(" + personal.first() + ")/FeatureOfInterest")
            .json()
            .get("@iot.id")
            .asLong();
    assertThat(http.get(TRANSPORT, "/v1.1/FeaturesOfInterest(" + feature + ")").status())
        .as("only personal Observations point to it: it is the Thing's place, withheld too")
        .isEqualTo(403);
    assertThat(
            http.get(TRANSPORT, "/v1.1/FeaturesOfInterest(" + feature + ")/Observations").status())
        .isEqualTo(403);

    Answer dataArray = http.get(TRANSPORT, "/v1.1/Observations?$resultFormat=dataArray&$top=1000");
    assertThat(dataArray.status()).isEqualTo(200);
    assertThat(dataArray.body()).doesNotContain("Datastreams(" + personal.id() + ")");

    Answer batch =
        http.post(
            TRANSPORT,
            "/v1.1/$batch",
            "{\"requests\":[{\"id\":\"r1\",\"method\":\"get\",\"url\":\"Datastreams("
                + personal.id()
                + ")/Observations\"}]}");
    assertThat(batch.json().get("responses").get(0).get("status").asInt()).isEqualTo(403);
  }

  @Test
  void a_filter_through_other_entities_into_stream_data_is_refused() {
    Personal personal = personalStream();

    Answer probe =
        http.get(TRANSPORT, "/v1.1/Things?$filter=Datastreams/Observations/result%20ge%200");
    assertThat(probe.status()).isEqualTo(403);
    assertThat(probe.field()).isEqualTo("$filter");
    assertThat(
            http.get(
                    TRANSPORT,
                    "/v1.1/Observations?$filter=FeatureOfInterest/Observations/result%20ge%200")
                .status())
        .isEqualTo(403);
    Answer ownStream =
        http.get(
            TRANSPORT,
            "/v1.1/Observations?$filter=Datastream/id%20eq%20" + personal.id() + "&$count=true");
    assertThat(ownStream.status())
        .as("a filter along an Observation's own stream is fine")
        .isEqualTo(200);
    assertThat(ownStream.json().get("@iot.count").asLong()).isZero();
    assertThat(ownStream.json().get("value")).isEmpty();
  }

  @Test
  void with_an_allowed_purpose_collections_show_personal_observations_and_audit_them() {
    Personal personal = personalStream();

    Answer all = http.get(HEALTH.forPurpose("care-visits"), "/v1.1/Observations?$top=1000");

    assertThat(ids(all.json().get("value"))).contains(personal.first(), personal.second());
    assertThat(audit.of("personal-data.read", "Datastreams(" + personal.id() + ")")).isNotEmpty();
  }

  @Test
  void an_empty_patch_does_not_echo_a_datastream_the_caller_may_not_read() {
    Personal personal = personalStream();

    Answer patched = http.patch(TRANSPORT, "/v1.1/Datastreams(" + personal.id() + ")", "{}");

    assertThat(patched.status()).isEqualTo(403);
    assertThat(patched.body()).doesNotContain("temperature of");
  }

  // ------------------------------------------------------------------------------ places

  static final Caller UTILITIES = new Caller("uwe operator:utilities", null);

  private static final String METERING =
      "{\"class\":\"personal\",\"department\":\"utilities\",\"purposes\":[\"metering\"],"
          + "\"retention\":\"P400D\",\"technology\":\"smart-meters\"}";

  /**
   * A household: a Thing at its home Location (so with a HistoricalLocation), an electricity meter
   * with one reading (whose FeatureOfInterest is derived from the Location, the home again) and a
   * second, unclassified Datastream.
   */
  private record Household(
      long thing, long location, long historicalLocation, long meter, long other, long feature) {}

  private Household household() {
    String name = "flat-" + names.incrementAndGet();
    Answer created =
        http.post(
            ADMIN,
            "/v1.1/Things",
            "{\"name\":\""
                + name
                + "\",\"description\":\"a household\","
                + "\"Locations\":[{\"name\":\""
                + name
                + " home\",\"description\":\"where they live\","
                + "\"encodingType\":\"application/geo+json\","
                + "\"location\":{\"type\":\"Point\",\"coordinates\":[8.41,49.01]}}],"
                + "\"Datastreams\":["
                + stream(name + " electricity")
                + ","
                + stream(name + " heating")
                + "]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long thing = created.json().get("@iot.id").asLong();
    String at = "/v1.1/Things(" + thing + ")";
    long location = onlyId(http.get(ADMIN, at + "/Locations"));
    long historical = onlyId(http.get(ADMIN, at + "/HistoricalLocations"));
    JsonNode streams = http.get(ADMIN, at + "/Datastreams?$orderby=id").json().get("value");
    long meter = streams.get(0).get("@iot.id").asLong();
    long other = streams.get(1).get("@iot.id").asLong();
    long reading = observe(ADMIN, meter);
    long feature =
        http.get(ADMIN, "/v1.1/Observations(" + reading + ")/FeatureOfInterest")
            .json()
            .get("@iot.id")
            .asLong();
    return new Household(thing, location, historical, meter, other, feature);
  }

  private Household meteredHousehold() {
    Household home = household();
    Answer classified = classify(DPO, home.meter(), METERING);
    assertThat(classified.status()).as(classified.body()).isEqualTo(200);
    return home;
  }

  private static String stream(String name) {
    return "{\"name\":\""
        + name
        + "\",\"description\":\"d\","
        + "\"unitOfMeasurement\":{\"name\":\"kWh\",\"symbol\":\"kWh\",\"definition\":\"ucum:kW.h\"},"
        + "\"observationType\":\"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement\","
        + "\"Sensor\":{\"name\":\"m\",\"description\":\"m\",\"encodingType\":\"text/plain\",\"metadata\":\"m\"},"
        + "\"ObservedProperty\":{\"name\":\""
        + name
        + "\",\"definition\":\"urn:energy\",\"description\":\"e\"}}";
  }

  private static long onlyId(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("value")).as(answer.body()).hasSize(1);
    return answer.json().get("value").get(0).get("@iot.id").asLong();
  }

  /** Every id of a collection, following {@code @iot.nextLink} (bounded). */
  private Set<Long> allPages(Caller who, String first) {
    Set<Long> seen = new HashSet<>();
    String next = first;
    for (int page = 0; next != null && page < 1000; page++) {
      Answer answer = http.get(who, next);
      assertThat(answer.status()).as(next + ": " + answer.body()).isEqualTo(200);
      seen.addAll(ids(answer.json().get("value")));
      next =
          answer.json().has("@iot.nextLink") ? answer.json().get("@iot.nextLink").asText() : null;
    }
    assertThat(next).as("paging ended").isNull();
    return seen;
  }

  @Test
  void a_households_places_are_left_out_of_collections_for_readers_without_an_allowed_purpose() {
    Household home = meteredHousehold();

    for (Caller reader : List.of(Caller.ANONYMOUS, TRANSPORT, UTILITIES)) {
      String who = String.valueOf(reader.as());
      assertThat(ids(http.get(reader, "/v1.1/Locations?$top=1000").json().get("value")))
          .as(who)
          .doesNotContain(home.location());
      assertThat(ids(http.get(reader, "/v1.0/Locations?$top=1000").json().get("value")))
          .as(who)
          .doesNotContain(home.location());
      assertThat(ids(http.get(reader, "/v1.1/HistoricalLocations?$top=1000").json().get("value")))
          .as(who)
          .doesNotContain(home.historicalLocation());
      assertThat(ids(http.get(reader, "/v1.1/FeaturesOfInterest?$top=1000").json().get("value")))
          .as(who)
          .doesNotContain(home.feature());

      Answer thing =
          http.get(
              reader,
              "/v1.1/Things("
                  + home.thing()
                  + ")?$expand=Locations,HistoricalLocations($expand=Locations)");
      assertThat(thing.status()).as(who + ": the Thing itself stays visible").isEqualTo(200);
      assertThat(thing.json().get("name").asText()).startsWith("flat-");
      assertThat(thing.json().get("Locations")).as(who).isEmpty();
      assertThat(thing.json().get("HistoricalLocations")).as(who).isEmpty();

      JsonNode scoped =
          http.get(reader, "/v1.1/Things(" + home.thing() + ")/Locations?$count=true").json();
      assertThat(scoped.get("value")).as(who).isEmpty();
      assertThat(scoped.get("@iot.count").asLong()).as(who).isZero();
      JsonNode filtered =
          http.get(reader, "/v1.1/Locations?$count=true&$filter=id%20eq%20" + home.location())
              .json();
      assertThat(filtered.get("@iot.count").asLong()).as(who).isZero();
    }
  }

  @Test
  void reading_a_households_place_directly_is_401_anonymous_and_403_without_an_allowed_purpose() {
    Household home = meteredHousehold();
    List<String> paths =
        List.of(
            "/v1.1/Locations(" + home.location() + ")",
            "/v1.0/Locations(" + home.location() + ")",
            "/v1.1/Locations(" + home.location() + ")/location",
            "/v1.1/Locations(" + home.location() + ")/Things",
            "/v1.1/HistoricalLocations(" + home.historicalLocation() + ")",
            "/v1.1/HistoricalLocations(" + home.historicalLocation() + ")/Locations",
            "/v1.1/FeaturesOfInterest(" + home.feature() + ")",
            "/v1.1/FeaturesOfInterest(" + home.feature() + ")/Observations");

    for (String path : paths) {
      Answer anonymous = http.get(Caller.ANONYMOUS, path);
      assertThat(anonymous.status()).as(path + ": " + anonymous.body()).isEqualTo(401);
      Answer transport = http.get(TRANSPORT, path);
      assertThat(transport.status()).as(path + ": " + transport.body()).isEqualTo(403);
      assertThat(transport.code()).as(path).isEqualTo("purpose-required");
      Answer otherPurpose = http.get(UTILITIES.forPurpose("traffic-planning"), path);
      assertThat(otherPurpose.status()).as(path).isEqualTo(403);
      assertThat(otherPurpose.code()).as(path).isEqualTo("purpose-not-allowed");
    }

    Answer batch =
        http.post(
            TRANSPORT,
            "/v1.1/$batch",
            "{\"requests\":[{\"id\":\"r1\",\"method\":\"get\",\"url\":\"Locations("
                + home.location()
                + ")\"},{\"id\":\"r2\",\"method\":\"get\",\"url\":\"Things("
                + home.thing()
                + ")/Locations\"}]}");
    assertThat(batch.status()).as(batch.body()).isEqualTo(200);
    JsonNode responses = batch.json().get("responses");
    assertThat(responses.get(0).get("status").asInt()).isEqualTo(403);
    assertThat(responses.get(1).get("status").asInt()).isEqualTo(200);
    assertThat(responses.get(1).get("body").get("value")).isEmpty();

    assertThat(
            http.get(
                    TRANSPORT,
                    "/v1.1/Things(" + home.thing() + ")/Locations(" + home.location() + ")")
                .status())
        .as("not among the Thing's Locations as this reader sees them")
        .isEqualTo(404);
    assertThat(http.patch(TRANSPORT, "/v1.1/Locations(" + home.location() + ")", "{}").status())
        .as("an empty PATCH would echo the Location")
        .isEqualTo(403);
  }

  @Test
  void a_utilities_operator_with_the_metering_purpose_sees_the_households_places() {
    Household home = meteredHousehold();
    Caller billing = UTILITIES.forPurpose("metering");

    assertThat(http.get(billing, "/v1.1/Locations(" + home.location() + ")").status())
        .isEqualTo(200);
    assertThat(
            http.get(billing, "/v1.1/HistoricalLocations(" + home.historicalLocation() + ")")
                .status())
        .isEqualTo(200);
    assertThat(http.get(billing, "/v1.1/FeaturesOfInterest(" + home.feature() + ")").status())
        .isEqualTo(200);
    assertThat(ids(http.get(billing, "/v1.1/Locations?$top=1000").json().get("value")))
        .contains(home.location());
    assertThat(ids(http.get(billing, "/v1.1/FeaturesOfInterest?$top=1000").json().get("value")))
        .contains(home.feature());
    JsonNode thing =
        http.get(billing, "/v1.1/Things(" + home.thing() + ")?$expand=Locations").json();
    assertThat(ids(thing.get("Locations"))).containsExactly(home.location());
  }

  @Test
  void a_thing_shows_its_places_only_to_a_reader_allowed_every_one_of_its_personal_datastreams() {
    Household home = meteredHousehold();
    Answer classified = classify(DPO, home.other(), personal("fall-sensors", ""));
    assertThat(classified.status()).as(classified.body()).isEqualTo(200);
    Caller billing = UTILITIES.forPurpose("metering");

    assertThat(http.get(billing, "/v1.1/Datastreams(" + home.meter() + ")").status())
        .as("the meter it may read")
        .isEqualTo(200);
    Answer location = http.get(billing, "/v1.1/Locations(" + home.location() + ")");
    assertThat(location.status()).isEqualTo(403);
    assertThat(location.code()).isEqualTo("purpose-not-allowed");
    assertThat(
            http.get(billing, "/v1.1/Things(" + home.thing() + ")?$expand=Locations")
                .json()
                .get("Locations"))
        .isEmpty();
    assertThat(http.get(billing, "/v1.1/FeaturesOfInterest(" + home.feature() + ")").status())
        .as("only the meter's Observations point to the feature, and the meter is readable")
        .isEqualTo(200);
  }

  @Test
  void a_households_former_location_stays_withheld_after_it_moved() {
    Household home = meteredHousehold();
    Caller billing = UTILITIES.forPurpose("metering");
    Answer created =
        http.post(
            billing,
            "/v1.1/Locations",
            "{\"name\":\"new home\",\"description\":\"d\","
                + "\"encodingType\":\"application/geo+json\","
                + "\"location\":{\"type\":\"Point\",\"coordinates\":[8.42,49.02]}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Answer moved =
        http.patch(
            billing,
            "/v1.1/Things(" + home.thing() + ")",
            "{\"Locations\":[{\"@iot.id\":" + created.json().get("@iot.id").asLong() + "}]}");
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    long now = onlyId(http.get(billing, "/v1.1/Things(" + home.thing() + ")/Locations"));
    assertThat(now).as("the Thing moved").isNotEqualTo(home.location());

    assertThat(http.get(Caller.ANONYMOUS, "/v1.1/Locations(" + home.location() + ")").status())
        .as("linked to the Thing only through its HistoricalLocation now")
        .isEqualTo(401);
    assertThat(http.get(Caller.ANONYMOUS, "/v1.1/Locations(" + now + ")").status()).isEqualTo(401);
    assertThat(ids(http.get(TRANSPORT, "/v1.1/Locations?$top=1000").json().get("value")))
        .doesNotContain(home.location(), now);
    assertThat(
            http.get(TRANSPORT, "/v1.1/Things(" + home.thing() + ")/HistoricalLocations")
                .json()
                .get("value"))
        .isEmpty();
  }

  @Test
  void a_public_datastreams_thing_keeps_its_location_public() {
    Household station = household();
    assertThat(classify(DPO, station.meter(), "{\"class\":\"public\"}").status()).isEqualTo(200);
    meteredHousehold();

    assertThat(http.get(Caller.ANONYMOUS, "/v1.1/Locations(" + station.location() + ")").status())
        .isEqualTo(200);
    assertThat(
            http.get(Caller.ANONYMOUS, "/v1.1/FeaturesOfInterest(" + station.feature() + ")")
                .status())
        .isEqualTo(200);
    assertThat(ids(http.get(Caller.ANONYMOUS, "/v1.1/Locations?$top=1000").json().get("value")))
        .contains(station.location());
    assertThat(
            ids(
                http.get(
                        Caller.ANONYMOUS, "/v1.1/Things(" + station.thing() + ")?$expand=Locations")
                    .json()
                    .get("Locations")))
        .containsExactly(station.location());
  }

  @Test
  void a_feature_a_public_observation_points_to_is_shown_without_the_personal_observations() {
    Household home = meteredHousehold();
    Household station = household();
    assertThat(classify(DPO, station.meter(), "{\"class\":\"public\"}").status()).isEqualTo(200);
    Answer shared =
        http.post(
            ADMIN,
            "/v1.1/Datastreams(" + station.meter() + ")/Observations",
            "{\"result\": 3, \"FeatureOfInterest\": {\"@iot.id\": " + home.feature() + "}}");
    assertThat(shared.status()).as(shared.body()).isEqualTo(201);
    long publicObservation = shared.json().get("@iot.id").asLong();

    assertThat(
            http.get(Caller.ANONYMOUS, "/v1.1/FeaturesOfInterest(" + home.feature() + ")").status())
        .as("anyone sees it with the public Observation anyway")
        .isEqualTo(200);
    assertThat(
            ids(
                http.get(
                        Caller.ANONYMOUS,
                        "/v1.1/FeaturesOfInterest(" + home.feature() + ")/Observations")
                    .json()
                    .get("value")))
        .containsExactly(publicObservation);
    assertThat(http.get(Caller.ANONYMOUS, "/v1.1/Locations(" + home.location() + ")").status())
        .as("the household's Location stays withheld")
        .isEqualTo(401);
  }

  @Test
  void paging_and_count_of_places_agree_with_what_is_shown() {
    Household home = meteredHousehold();
    Household station = household();
    assertThat(classify(DPO, station.meter(), "{\"class\":\"public\"}").status()).isEqualTo(200);

    for (String type : List.of("Locations", "HistoricalLocations", "FeaturesOfInterest")) {
      for (Caller reader : List.of(Caller.ANONYMOUS, TRANSPORT)) {
        JsonNode all = http.get(reader, "/v1.1/" + type + "?$count=true&$top=1000").json();
        Set<Long> shown = ids(all.get("value"));
        assertThat(all.get("@iot.count").asLong())
            .as(type + ": $count counts only what is shown")
            .isEqualTo(shown.size());
        assertThat(allPages(reader, "/v1.1/" + type + "?$top=2")).as(type).isEqualTo(shown);
      }
    }
    Set<Long> locations = allPages(Caller.ANONYMOUS, "/v1.1/Locations?$top=2");
    assertThat(locations).contains(station.location()).doesNotContain(home.location());
  }

  @Test
  void a_filter_reaching_places_through_other_entities_is_refused() {
    meteredHousehold();

    Answer probe = http.get(Caller.ANONYMOUS, "/v1.1/Things?$filter=Locations/name%20eq%20'x'");
    assertThat(probe.status()).as(probe.body()).isEqualTo(403);
    assertThat(probe.field()).isEqualTo("$filter");
    assertThat(
            http.get(
                    TRANSPORT, "/v1.1/Things?$filter=HistoricalLocations/Locations/name%20eq%20'x'")
                .status())
        .isEqualTo(403);
    assertThat(
            http.get(TRANSPORT, "/v1.1/Observations?$filter=FeatureOfInterest/name%20eq%20'x'")
                .status())
        .as("an Observation's own feature is shown with it")
        .isEqualTo(200);
    assertThat(
            http.get(
                    UTILITIES.forPurpose("metering"),
                    "/v1.1/Locations?$filter=Things/name%20eq%20'x'")
                .status())
        .as("from a place to its Things is fine")
        .isEqualTo(200);
  }

  // ------------------------------------------------------------------------------ pseudonyms

  @Test
  void subjects_are_pseudonyms_unless_the_purpose_identifies() {
    Answer created =
        http.post(
            ADMIN,
            "/v1.1/Things",
            "{\"name\":\"flat 3\",\"description\":\"a resident's fall sensor\","
                + "\"properties\":{\"subject\":\"resident-4711\",\"floor\":3},"
                + "\"Datastreams\":[{\"name\":\"falls\",\"description\":\"falls detected\","
                + "\"unitOfMeasurement\":{\"name\":\"count\",\"symbol\":\"\",\"definition\":\"ucum:1\"},"
                + "\"observationType\":\"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement\","
                + "\"properties\":{\"subject\":\"resident-4711\"},"
                + "\"Sensor\":{\"name\":\"s\",\"description\":\"s\",\"encodingType\":\"text/plain\",\"metadata\":\"m\"},"
                + "\"ObservedProperty\":{\"name\":\"falls\",\"definition\":\"urn:falls\",\"description\":\"f\"}}]}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long thing = created.json().get("@iot.id").asLong();
    long datastream =
        http.get(ADMIN, "/v1.1/Things(" + thing + ")/Datastreams")
            .json()
            .get("value")
            .get(0)
            .get("@iot.id")
            .asLong();
    assertThat(
            classify(DPO, datastream, personal("fall-sensors", ",\"subject\":\"resident-4711\""))
                .status())
        .isEqualTo(200);

    Caller analyst = HEALTH.forPurpose("care-visits");
    String thingSubject =
        http.get(analyst, "/v1.1/Things(" + thing + ")").json().at("/properties/subject").asText();
    String datastreamSubject =
        http.get(analyst, "/v1.1/Datastreams(" + datastream + ")")
            .json()
            .at("/properties/subject")
            .asText();
    assertThat(thingSubject).startsWith("pseud-").isNotEqualTo("resident-4711");
    assertThat(datastreamSubject).as("stable, so analyses can join").isEqualTo(thingSubject);
    assertThat(
            http.get(analyst, "/v1.1/Things(" + thing + ")").json().at("/properties/floor").asInt())
        .isEqualTo(3);
    assertThat(http.get(TRANSPORT, "/v1.1/Things(" + thing + ")?$expand=Datastreams").body())
        .doesNotContain("resident-4711");
    assertThat(
            http.get(analyst, "/api/v1/governance/datastreams/" + datastream)
                .json()
                .get("subject")
                .asText())
        .isEqualTo(thingSubject);

    Caller responder = EMERGENCY.forPurpose("care-emergency");
    assertThat(
            http.get(responder, "/v1.1/Things(" + thing + ")")
                .json()
                .at("/properties/subject")
                .asText())
        .isEqualTo("resident-4711");
    assertThat(
            http.get(responder, "/v1.1/Datastreams(" + datastream + ")")
                .json()
                .at("/properties/subject")
                .asText())
        .isEqualTo("resident-4711");
    assertThat(
            http.get(DPO, "/api/v1/governance/datastreams/" + datastream)
                .json()
                .get("subject")
                .asText())
        .isEqualTo("resident-4711");

    Answer probe =
        http.get(TRANSPORT, "/v1.1/Things?$filter=properties/subject%20eq%20'resident-4711'");
    assertThat(probe.status()).isEqualTo(403);
    assertThat(probe.field()).isEqualTo("$filter");
  }

  // ------------------------------------------------------------------------------ activation

  @Test
  void
      activating_a_personal_datastream_without_an_approved_entry_is_refused_with_a_clear_message() {
    Graph graph = graph();
    long datastream = graph.datastream();
    assertThat(classify(HEALTH, datastream, personal("face-cams", "")).status()).isEqualTo(200);

    Answer refused =
        http.post(HEALTH, "/api/v1/governance/datastreams/" + datastream + "/activate", "");

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("not-approved");
    assertThat(refused.field()).isEqualTo("technology");
    assertThat(refused.json().get("detail").asText())
        .isEqualTo(
            "Datastream "
                + datastream
                + " holds personal data and cannot be activated: the Triple Test of 'face-cams'"
                + " is not approved");
    assertThat(classify(HEALTH, datastream, personal("drones", "")).status()).isEqualTo(200);
    assertThat(
            http.post(HEALTH, "/api/v1/governance/datastreams/" + datastream + "/activate", "")
                .json()
                .get("detail")
                .asText())
        .endsWith("no register entry 'drones'");
    assertThat(
            http.post(HEALTH, "/v1.1/Datastreams(" + datastream + ")/Observations", OBSERVATION)
                .code())
        .isEqualTo("not-collecting");
  }

  @Test
  void a_personal_datastream_with_an_approved_entry_collects_once_activated() {
    Graph graph = graph();
    long datastream = graph.datastream();
    Answer classified = classify(HEALTH, datastream, personal("fall-sensors", ""));
    assertThat(classified.json().get("active").asBoolean()).as("starts inactive").isFalse();

    Answer activated =
        http.post(HEALTH, "/api/v1/governance/datastreams/" + datastream + "/activate", "");

    assertThat(activated.status()).as(activated.body()).isEqualTo(200);
    assertThat(activated.json().get("active").asBoolean()).isTrue();
    observe(HEALTH, datastream);
    assertThat(audit.of("datastream.activated", "Datastreams(" + datastream + ")"))
        .singleElement()
        .satisfies(event -> assertThat(event.actor()).isEqualTo("hana"));
    assertThat(audit.of("datastream.classified", "Datastreams(" + datastream + ")")).hasSize(1);

    Answer deactivated =
        http.post(HEALTH, "/api/v1/governance/datastreams/" + datastream + "/deactivate", "");
    assertThat(deactivated.json().get("active").asBoolean()).isFalse();
    assertThat(
            http.post(HEALTH, "/v1.1/Datastreams(" + datastream + ")/Observations", OBSERVATION)
                .status())
        .isEqualTo(403);
  }

  @Test
  void an_inactive_personal_datastream_refuses_observations_on_every_path_and_keeps_what_it_has() {
    Personal personal = personalStream();
    long id = personal.id();

    Answer single = http.post(HEALTH, "/v1.1/Datastreams(" + id + ")/Observations", OBSERVATION);
    assertThat(single.status()).isEqualTo(403);
    assertThat(single.code()).isEqualTo("not-collecting");
    assertThat(single.field()).isEqualTo("Datastream");
    assertThat(single.json().get("detail").asText()).contains("Datastream " + id);

    assertThat(
            http.post(
                    HEALTH,
                    "/v1.1/Observations",
                    "{\"result\":1,\"Datastream\":{\"@iot.id\":" + id + "}}")
                .code())
        .isEqualTo("not-collecting");
    assertThat(
            http.post(
                    HEALTH,
                    "/v1.1/Observations",
                    "{\"result\":1,\"Datastream\":{\"@iot.id\":"
                        + id
                        + "},\"FeatureOfInterest\":{\"name\":\"f\",\"description\":\"f\","
                        + "\"encodingType\":\"application/geo+json\","
                        + "\"feature\":{\"type\":\"Point\",\"coordinates\":[8,49]}}}")
                .code())
        .as("a deep insert, outside the ingest path")
        .isEqualTo("not-collecting");
    Answer rows =
        http.post(
            HEALTH,
            "/v1.1/CreateObservations",
            "[{\"Datastream\":{\"@iot.id\":"
                + id
                + "},\"components\":[\"result\"],\"dataArray\":[[1],[2]]}]");
    assertThat(rows.json()).allSatisfy(row -> assertThat(row.asText()).isEqualTo("error"));
    Answer batch =
        http.post(
            HEALTH,
            "/v1.1/$batch",
            "{\"requests\":[{\"id\":\"a\",\"method\":\"post\",\"url\":\"Datastreams("
                + id
                + ")/Observations\",\"body\":{\"result\":3}}]}");
    assertThat(batch.json().get("responses").get(0).get("status").asInt()).isEqualTo(403);
    assertThat(
            http.post(HEALTH, "/api/v1/datastreams/" + id + "/observations", "[{\"result\":4}]")
                .code())
        .isEqualTo("not-collecting");
    assertThatThrownBy(
            () ->
                server
                    .sensing()
                    .createObservation(
                        "Datastreams(" + id + ")/Observations",
                        OBSERVATION.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("Datastream " + id);

    Answer kept =
        http.get(
            HEALTH.forPurpose("care-visits"),
            "/v1.1/Datastreams(" + id + ")/Observations?$count=true");
    assertThat(kept.json().get("@iot.count").asLong()).as("nothing accepted is lost").isEqualTo(2);
  }

  @Test
  void withdrawing_consent_stops_collection_at_once() {
    Graph graph = graph();
    long id = graph.datastream();
    consents.give("resident-77", "care-visits");
    assertThat(
            classify(
                    HEALTH,
                    id,
                    "{\"class\":\"personal\",\"department\":\"health\",\"purposes\":[\"care-visits\"],"
                        + "\"retention\":\"P7D\",\"technology\":\"fall-sensors\","
                        + "\"subject\":\"resident-77\",\"consentRequired\":true}")
                .status())
        .isEqualTo(200);
    assertThat(http.post(HEALTH, "/api/v1/governance/datastreams/" + id + "/activate", "").status())
        .isEqualTo(200);
    observe(HEALTH, id);

    consents.withdraw("resident-77", "care-visits");

    Answer refused = http.post(HEALTH, "/v1.1/Datastreams(" + id + ")/Observations", OBSERVATION);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("consent-withdrawn");
    consents.give("resident-77", "care-visits");
    observe(HEALTH, id);
  }

  // ------------------------------------------------------------------------------ the policy API

  @Test
  void active_in_a_classification_is_refused_naming_the_field() {
    Graph graph = graph();

    Answer refused =
        classify(HEALTH, graph.datastream(), personal("fall-sensors", ",\"active\":true"));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.field()).isEqualTo("active");
    assertThat(policies.policy(graph.datastream()))
        .isEqualTo(
            org.civitas.governance.classes.DatastreamPolicy.unclassified(graph.datastream()));
    assertThat(
            classify(HEALTH, graph.datastream(), "{\"class\":\"public\",\"datastream\":9}").field())
        .isEqualTo("datastream");
  }

  @Test
  void a_personal_class_needs_a_registered_purpose_a_retention_and_a_department() {
    long id = graph().datastream();

    assertThat(
            classify(
                    HEALTH,
                    id,
                    "{\"class\":\"personal\",\"department\":\"health\",\"retention\":\"P1D\"}")
                .field())
        .isEqualTo("purposes");
    assertThat(
            classify(
                    HEALTH,
                    id,
                    "{\"class\":\"personal\",\"department\":\"health\",\"retention\":\"P1D\","
                        + "\"purposes\":[\"spying\"]}")
                .field())
        .isEqualTo("purposes");
    assertThat(
            classify(
                    HEALTH,
                    id,
                    "{\"class\":\"personal\",\"department\":\"health\",\"purposes\":[\"care-visits\"]}")
                .field())
        .isEqualTo("retention");
    assertThat(
            classify(
                    DPO,
                    id,
                    "{\"class\":\"sensitive-personal\",\"retention\":\"P1D\",\"purposes\":[\"care-visits\"]}")
                .field())
        .isEqualTo("department");
    assertThat(classify(HEALTH, id, "{\"class\":\"secret\"}").field()).isEqualTo("class");
    assertThat(http.get(HEALTH, "/api/v1/governance/datastreams/987654321").status())
        .isEqualTo(404);
  }

  @Test
  void only_operators_of_the_department_the_dpo_or_an_admin_may_change_a_policy() {
    long id = graph().datastream();
    assertThat(classify(Caller.ANONYMOUS, id, "{\"class\":\"public\"}").status()).isEqualTo(401);
    assertThat(http.get(Caller.ANONYMOUS, "/api/v1/governance/datastreams/" + id).status())
        .isEqualTo(401);
    assertThat(
            classify(TRANSPORT, id, "{\"class\":\"internal\",\"department\":\"health\"}").status())
        .as("transport cannot hand it to health")
        .isEqualTo(403);
    assertThat(classify(HEALTH, id, "{\"class\":\"internal\",\"department\":\"health\"}").status())
        .isEqualTo(200);

    assertThat(
            classify(TRANSPORT, id, "{\"class\":\"public\",\"department\":\"transport\"}").status())
        .as("nor take a health Datastream")
        .isEqualTo(403);
    assertThat(
            http.post(TRANSPORT, "/api/v1/governance/datastreams/" + id + "/deactivate", "")
                .status())
        .isEqualTo(403);
    assertThat(classify(ADMIN, id, "{\"class\":\"public\"}").status()).isEqualTo(200);
  }

  @Test
  void the_list_shows_the_classified_datastreams_of_one_class() {
    Personal personal = personalStream();
    long open = graph().datastream();
    assertThat(classify(DPO, open, "{\"class\":\"public\"}").status()).isEqualTo(200);

    JsonNode listed = http.get(DPO, "/api/v1/governance/datastreams?class=personal").json();

    List<Long> ids = new ArrayList<>();
    listed.get("value").forEach(p -> ids.add(p.get("datastream").asLong()));
    assertThat(ids).contains(personal.id()).doesNotContain(open);
    listed.get("value").forEach(p -> assertThat(p.get("class").asText()).isEqualTo("personal"));
    assertThat(http.get(DPO, "/api/v1/governance/datastreams?class=top-secret").field())
        .isEqualTo("class");
  }

  @Test
  void another_node_sees_a_change_within_two_seconds() {
    long id = graph().datastream();
    try (DatastreamPolicies otherNode =
        new DatastreamPolicies(
            Storage.datastreamPolicies(store),
            Governance.REGISTER,
            approvals,
            audit,
            ignored -> true)) {
      assertThat(otherNode.policy(id).active()).isTrue();

      assertThat(classify(HEALTH, id, personal("fall-sensors", "")).status()).isEqualTo(200);

      assertThat(policies.policy(id).active()).as("at once on this node").isFalse();
      await()
          .atMost(Duration.ofSeconds(2))
          .untilAsserted(() -> assertThat(otherNode.policy(id).active()).isFalse());
    }
  }
}
