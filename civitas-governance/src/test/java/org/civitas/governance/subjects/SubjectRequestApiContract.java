package org.civitas.governance.subjects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.consent.ConsentDecision;
import org.civitas.governance.consent.ConsentDecision.Channel;
import org.civitas.governance.consent.ConsentDecision.Decision;
import org.civitas.governance.consent.ConsentStore;
import org.civitas.governance.identity.Department;
import org.civitas.governance.privacy.RecordingAudit;
import org.civitas.governance.privacy.TestGate;
import org.civitas.governance.privacy.TestHttp;
import org.civitas.governance.privacy.TestHttp.Answer;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.Storage;
import org.civitas.timeseries.NewObservation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /api/v1/governance/subject-requests} and {@code /legal-holds} on a real server, once per
 * storage engine. The governed Datastreams are a list here (their store is another part of
 * governance); the audit log is an in-test recorder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SubjectRequestApiContract {
  private static final String REQUESTS = "/api/v1/governance/subject-requests";
  private static final String HOLDS = "/api/v1/governance/legal-holds";
  private static final String DPO = "maria ACCOUNT dpo";
  private static final String OPERATOR = "anna ACCOUNT operator:utilities";
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private SensingStore store;
  private CivitasServer server;
  private TestHttp http;
  private ConsentStore consents;
  private SubjectRequestStore held;
  private final RecordingAudit audit = new RecordingAudit();
  private final List<DatastreamPolicy> governed = new CopyOnWriteArrayList<>();

  /** The recorded audit entries naming a subject, as the audit log's query would give them. */
  private final SubjectAuditTrail trail =
      (subject, each) -> {
        List<RecordingAudit.Entry> entries = audit.entries();
        for (int i = 0; i < entries.size(); i++) {
          RecordingAudit.Entry e = entries.get(i);
          if (e.target().equals("subject:" + subject)) {
            each.accept(
                new SubjectAuditTrail.Entry(
                    i + 1, T0, e.actor(), e.action(), e.target(), e.details()));
          }
        }
      };

  private SubjectRequests requests;

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void start() {
    store = openStore();
    consents = Storage.consents(store);
    held = Storage.subjectRequests(store);
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    Clock clock = Clock.systemUTC();
    requests = new SubjectRequests(held, consents, () -> governed, audit, clock);
    SubjectExport export =
        new SubjectExport(
            requests, held, consents, server.sensing(), audit, Optional.of(trail), clock);
    server.withRoutes(TestGate::install);
    server.withRoutes(routes -> SubjectRequestRoutes.register(routes, requests, export, clock));
    http = new TestHttp(server.start());
  }

  @AfterAll
  void stop() {
    server.stop();
    store.close();
    cleanUp();
  }

  /** A meter of {@code subject} with {@code count} readings a minute apart, starting at T0. */
  private SensingFixtures.Graph meter(String subject, int count) {
    SensingFixtures.Graph graph = SensingFixtures.graph(store, subject + "-" + System.nanoTime());
    List<NewObservation> readings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      readings.add(
          SensingFixtures.observation(
              graph.datastream(),
              graph.featureOfInterest(),
              T0.plusSeconds(60L * i),
              i == 0 ? "{\"note\":\"valve \\\"A\\\", opened\"}" : Integer.toString(i)));
    }
    store.ingest().submitAll(readings).join();
    governed.add(
        new DatastreamPolicy(
            graph.datastream(),
            DataClass.PERSONAL,
            Optional.of(Department.UTILITIES),
            Set.of("leak-detection"),
            Optional.of(Duration.ofDays(365)),
            Optional.of("smart-water-meters"),
            Optional.of(subject),
            true,
            true));
    return graph;
  }

  private long create(String subject, String kind) {
    Answer created =
        http.send(
            "POST", REQUESTS, DPO, "{\"subject\":\"" + subject + "\",\"kind\":\"" + kind + "\"}");
    assertThat(created.status()).isEqualTo(201);
    return created.json().get("id").asLong();
  }

  private int count(long datastream) {
    return held.observations(datastream, Optional.empty(), 100_000).size();
  }

  @Test
  void nobody_but_the_dpo_reaches_requests_exports_or_holds() {
    long id = create("h-auth-" + System.nanoTime(), "access");
    String body = "{\"subject\":\"x\",\"kind\":\"access\"}";

    for (String who : new String[] {null, OPERATOR, "root ACCOUNT admin"}) {
      int expected = who == null ? 401 : 403;
      assertThat(http.send("POST", REQUESTS, who, body).status()).isEqualTo(expected);
      assertThat(http.send("GET", REQUESTS, who, null).status()).isEqualTo(expected);
      assertThat(http.send("GET", REQUESTS + "/" + id, who, null).status()).isEqualTo(expected);
      assertThat(http.send("POST", REQUESTS + "/" + id + "/start", who, null).status())
          .isEqualTo(expected);
      assertThat(http.send("GET", REQUESTS + "/" + id + "/export", who, null).status())
          .isEqualTo(expected);
      assertThat(http.send("GET", HOLDS, who, null).status()).isEqualTo(expected);
    }
    assertThat(http.send("GET", REQUESTS + "/" + id, DPO, null).json().get("status").asText())
        .isEqualTo("received");
  }

  @Test
  void a_client_cannot_set_status_or_deadline_when_creating_a_request() {
    Answer forged =
        http.send(
            "POST",
            REQUESTS,
            DPO,
            "{\"subject\":\"h-x\",\"kind\":\"access\",\"due\":\"2030-01-01T00:00:00Z\"}");

    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.json().get("field").asText()).isEqualTo("due");
  }

  @Test
  void an_access_export_holds_the_subjects_datastreams_observations_and_consents_as_json_and_csv() {
    String subject = "h-access-" + System.nanoTime();
    SensingFixtures.Graph first = meter(subject, 1_205);
    SensingFixtures.Graph second = meter(subject, 3);
    SensingFixtures.Graph neighbour = meter("h-neighbour-" + System.nanoTime(), 2);
    consents.append(
        new ConsentDecision(
            0, subject, "leak-detection", Decision.GIVEN, T0, "portal", Channel.WEB));
    consents.append(
        new ConsentDecision(
            0,
            subject,
            "leak-detection",
            Decision.WITHDRAWN,
            T0.plusSeconds(9),
            "anna",
            Channel.STAFFED));
    long id = create(subject, "access");

    Answer early = http.send("GET", REQUESTS + "/" + id + "/export", DPO, null);
    http.send("POST", REQUESTS + "/" + id + "/start", DPO, null);
    Answer json = http.send("GET", REQUESTS + "/" + id + "/export?format=json", DPO, null);
    Answer csv = http.send("GET", REQUESTS + "/" + id + "/export?format=csv", DPO, null);
    Answer xml = http.send("GET", REQUESTS + "/" + id + "/export?format=xml", DPO, null);

    assertThat(early.status()).isEqualTo(409);
    assertThat(xml.status()).isEqualTo(400);
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.contentType()).startsWith("application/json");
    JsonNode export = json.json();
    assertThat(export.get("subject").asText()).isEqualTo(subject);
    JsonNode streams = export.get("datastreams");
    assertThat(streams).hasSize(2);
    JsonNode one = streams.get(0);
    assertThat(one.get("policy").get("datastream").asLong()).isEqualTo(first.datastream());
    assertThat(one.get("policy").get("subject").asText()).isEqualTo(subject);
    assertThat(one.get("datastream").get("@iot.id").asLong()).isEqualTo(first.datastream());
    assertThat(one.get("thing").get("@iot.id").asLong()).isEqualTo(first.thing());
    assertThat(one.get("observations")).hasSize(1_205);
    assertThat(one.get("observations").get(0).get("result").get("note").asText())
        .isEqualTo("valve \"A\", opened");
    assertThat(one.get("observations").get(1_204).get("result").asDouble()).isEqualTo(1_204.0);
    assertThat(one.get("observations").get(1_204).get("phenomenonTime").asText())
        .isEqualTo(T0.plusSeconds(60L * 1_204).toString());
    assertThat(streams.get(1).get("observations")).hasSize(3);
    assertThat(export.toString()).doesNotContain("h-neighbour");
    assertThat(export.get("consents")).hasSize(2);
    assertThat(export.get("consents").get(1).get("decision").asText()).isEqualTo("withdrawn");
    assertThat(export.get("audit"))
        .extracting(e -> e.get("action").asText())
        .containsSubsequence("subject-request.received", "subject-request.in-progress");

    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.contentType()).startsWith("text/csv");
    List<List<String>> rows = Csv.parse(csv.body());
    assertThat(rows.get(0)).containsExactly("section", "datastream", "id", "time", "value");
    assertThat(rows.stream().filter(r -> r.get(0).equals("observation")).count()).isEqualTo(1_208);
    assertThat(rows.stream().filter(r -> r.get(0).equals("consent")).count()).isEqualTo(2);
    assertThat(rows.stream().filter(r -> r.get(0).equals("audit")).count())
        .isGreaterThanOrEqualTo(3);
    assertThat(rows.stream().filter(r -> r.get(0).equals("thing")).count()).isEqualTo(2);
    List<String> firstReading =
        rows.stream()
            .filter(
                r ->
                    r.get(0).equals("observation")
                        && r.get(1).equals(Long.toString(first.datastream())))
            .findFirst()
            .orElseThrow();
    assertThat(firstReading.get(3)).isEqualTo(T0.toString());
    assertThat(firstReading.get(4)).isEqualTo("{\"note\":\"valve \\\"A\\\", opened\"}");
    assertThat(rows).noneMatch(r -> r.get(1).equals(Long.toString(neighbour.datastream())));
    assertThat(audit.of("subject-request.exported"))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.target()).isEqualTo("subject:" + subject));

    Answer completed = http.send("POST", REQUESTS + "/" + id + "/complete", DPO, null);
    assertThat(completed.json().get("status").asText()).isEqualTo("completed");
  }

  @Test
  void an_erasure_deletes_the_subjects_data_except_what_a_legal_hold_keeps_and_reports_both() {
    String subject = "h-erase-" + System.nanoTime();
    SensingFixtures.Graph erased = meter(subject, 7);
    SensingFixtures.Graph disputed = meter(subject, 4);
    SensingFixtures.Graph neighbour = meter("h-other-" + System.nanoTime(), 5);
    consents.append(
        new ConsentDecision(
            0, subject, "leak-detection", Decision.GIVEN, T0, "portal", Channel.WEB));
    Answer hold =
        http.send(
            "POST",
            HOLDS,
            DPO,
            "{\"datastream\":"
                + disputed.datastream()
                + ",\"reason\":\"billing dispute 2026-17\",\"until\":\""
                + Instant.now().plus(Duration.ofDays(90))
                + "\"}");
    Answer expiredHold =
        http.send(
            "POST",
            HOLDS,
            DPO,
            "{\"subject\":\""
                + subject
                + "\",\"reason\":\"old\",\"until\":\"2020-01-01T00:00:00Z\"}");
    long id = create(subject, "erasure");

    Answer tooEarly = http.send("POST", REQUESTS + "/" + id + "/erase", DPO, null);
    http.send("POST", REQUESTS + "/" + id + "/start", DPO, null);
    Answer done = http.send("POST", REQUESTS + "/" + id + "/erase", DPO, null);

    assertThat(hold.status()).isEqualTo(201);
    assertThat(expiredHold.status()).isEqualTo(400);
    assertThat(tooEarly.status()).isEqualTo(409);
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.json().get("status").asText()).isEqualTo("completed");
    JsonNode outcome = done.json().get("outcome");
    assertThat(outcome.get("erased")).hasSize(1);
    assertThat(outcome.get("erased").get(0).get("datastream").asLong())
        .isEqualTo(erased.datastream());
    assertThat(outcome.get("erased").get(0).get("observations").asLong()).isEqualTo(7);
    assertThat(outcome.get("kept").get(0).get("datastream").asLong())
        .isEqualTo(disputed.datastream());
    assertThat(outcome.get("kept").get(0).get("why").asText()).contains("billing dispute 2026-17");
    assertThat(outcome.get("kept").get(1).get("consentHistory").asInt()).isEqualTo(1);

    assertThat(count(erased.datastream())).isZero();
    assertThat(count(disputed.datastream())).isEqualTo(4);
    assertThat(count(neighbour.datastream())).isEqualTo(5);
    assertThat(
            store
                .find(EntityType.DATASTREAM, erased.datastream(), Set.of())
                .orElseThrow()
                .value("description"))
        .isEqualTo("personal metadata erased for data-subject request " + id);
    assertThat(consents.history(subject)).hasSize(1);
    assertThat(audit.of("subject-request.erased"))
        .singleElement()
        .satisfies(e -> assertThat(e.details()).containsEntry("observations", "7"));
    assertThat(http.send("GET", HOLDS, DPO, null).json().get("holds").toString())
        .contains("billing dispute 2026-17");
  }

  @Test
  void overdue_requests_are_listed_and_a_released_hold_is_gone() {
    String subject = "h-late-" + System.nanoTime();
    Answer late =
        http.send(
            "POST",
            REQUESTS,
            DPO,
            "{\"subject\":\""
                + subject
                + "\",\"kind\":\"erasure\",\"received\":\""
                + Instant.now().minus(Duration.ofDays(40))
                + "\"}");
    long fresh = create(subject, "access");
    Answer hold =
        http.send(
            "POST",
            HOLDS,
            DPO,
            "{\"subject\":\""
                + subject
                + "\",\"reason\":\"court\",\"until\":\"2099-01-01T00:00:00Z\"}");
    assertThat(hold.status()).as(hold.body()).isEqualTo(201);
    long holdId = hold.json().get("id").asLong();

    Answer overdue = http.send("GET", REQUESTS + "?overdue=true", DPO, null);
    Answer released = http.send("DELETE", HOLDS + "/" + holdId, DPO, null);
    Answer releasedAgain = http.send("DELETE", HOLDS + "/" + holdId, DPO, null);

    assertThat(overdue.json().get("requests").toString())
        .contains("\"id\":" + late.json().get("id").asLong())
        .doesNotContain("\"id\":" + fresh + ",");
    assertThat(released.status()).isEqualTo(204);
    assertThat(releasedAgain.status()).isEqualTo(404);
    assertThat(audit.of("legal-hold.released")).isNotEmpty();
  }

  @Test
  void without_an_audit_query_the_export_says_the_audit_entries_are_missing() {
    String subject = "h-noaudit-" + System.nanoTime();
    meter(subject, 2);
    long id = create(subject, "access");
    http.send("POST", REQUESTS + "/" + id + "/start", DPO, null);
    SubjectExport withoutTrail =
        new SubjectExport(
            requests, held, consents, server.sensing(), audit, Optional.empty(), Clock.systemUTC());
    SubjectRequest request = requests.find(id);
    java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream csv = new java.io.ByteArrayOutputStream();

    withoutTrail.write(request, SubjectExport.Format.JSON, json);
    withoutTrail.write(request, SubjectExport.Format.CSV, csv);

    JsonNode export =
        org.civitas.server.http.JsonCodec.readTree(
            json.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(export.get("audit").isNull()).isTrue();
    assertThat(export.get("auditNote").asText()).contains("not included");
    assertThat(export.get("datastreams").get(0).get("observations")).hasSize(2);
    assertThat(Csv.parse(csv.toString(java.nio.charset.StandardCharsets.UTF_8)))
        .anySatisfy(row -> assertThat(row.get(0)).isEqualTo("audit-unavailable"));
  }

  /** An RFC 4180 reader for the export: quoted fields, doubled quotes, CRLF records. */
  static final class Csv {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(field.toString());
          field.setLength(0);
        } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          i++;
        } else {
          field.append(c);
        }
      }
      if (!row.isEmpty() || field.length() > 0) {
        row.add(field.toString());
        rows.add(row);
      }
      return rows;
    }
  }
}
