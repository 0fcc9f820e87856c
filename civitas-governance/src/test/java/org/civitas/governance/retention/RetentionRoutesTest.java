package org.civitas.governance.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.privacy.RecordingAudit;
import org.civitas.governance.privacy.TestGate;
import org.civitas.governance.privacy.TestHttp;
import org.civitas.governance.privacy.TestHttp.Answer;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/governance/retention} on a real server over the embedded store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionRoutesTest {
  private static final String BASE = "/api/v1/governance/retention";
  private static final String DPO = "maria ACCOUNT dpo";
  private static final String OPERATOR = "anna ACCOUNT operator:utilities";
  private static final String ADMIN = "root ACCOUNT admin";

  @TempDir static Path dataDir;
  private SensingStore store;
  private CivitasServer server;
  private TestHttp http;
  private final RecordingAudit audit = new RecordingAudit();
  private final List<DatastreamPolicy> governed = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() {
    store = Storage.open(StorageSettings.embedded(dataDir));
    RetentionStore retention = Storage.retention(store);
    RetentionJob job =
        new RetentionJob(retention, () -> governed, List::of, audit, Clock.systemUTC(), 1_000);
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    server.withRoutes(TestGate::install);
    server.withRoutes(routes -> RetentionRoutes.register(routes, retention, job, audit));
    http = new TestHttp(server.start());
  }

  @AfterAll
  void stop() {
    server.stop();
    store.close();
  }

  @Test
  void only_the_dpo_manages_rules_and_reads_reports_401_and_403_otherwise() {
    String rule = "{\"dataClass\":\"sensitive-personal\",\"keep\":\"P30D\",\"action\":\"delete\"}";

    assertThat(http.send("POST", BASE + "/rules", null, rule).status()).isEqualTo(401);
    assertThat(http.send("POST", BASE + "/rules", OPERATOR, rule).status()).isEqualTo(403);
    assertThat(http.send("POST", BASE + "/rules", ADMIN, rule).status()).isEqualTo(403);
    assertThat(http.send("GET", BASE + "/reports", null, null).status()).isEqualTo(401);
    assertThat(http.send("GET", BASE + "/reports", OPERATOR, null).status()).isEqualTo(403);
    assertThat(http.send("POST", BASE + "/runs", OPERATOR, null).status()).isEqualTo(403);
    assertThat(http.send("GET", BASE + "/rules", DPO, null).json().get("rules")).isEmpty();
  }

  @Test
  void the_dpo_adds_and_removes_a_rule_runs_the_job_and_lists_its_report_all_audited() {
    SensingFixtures.Graph graph = SensingFixtures.graph(store, "home-" + System.nanoTime());
    Instant old = Instant.now().minus(Duration.ofDays(40));
    store
        .ingest()
        .submit(
            SensingFixtures.observation(graph.datastream(), graph.featureOfInterest(), old, "3"))
        .join();
    governed.add(
        new DatastreamPolicy(
            graph.datastream(),
            DataClass.PERSONAL,
            Optional.empty(),
            Set.of("billing"),
            Optional.empty(),
            Optional.empty(),
            Optional.of("household-9"),
            false,
            true));

    Answer added =
        http.send(
            "POST",
            BASE + "/rules",
            DPO,
            "{\"dataClass\":\"personal\",\"purpose\":\"billing\",\"keep\":\"P30D\","
                + "\"action\":\"aggregate\"}");
    Answer duplicate =
        http.send(
            "POST",
            BASE + "/rules",
            DPO,
            "{\"dataClass\":\"personal\",\"purpose\":\"billing\",\"keep\":\"P60D\","
                + "\"action\":\"delete\"}");
    Answer badKeep =
        http.send(
            "POST",
            BASE + "/rules",
            DPO,
            "{\"dataClass\":\"personal\",\"keep\":\"30 days\",\"action\":\"delete\"}");
    Answer run = http.send("POST", BASE + "/runs", DPO, null);
    Answer reports = http.send("GET", BASE + "/reports", DPO, null);
    long id = added.json().get("id").asLong();
    Answer removed = http.send("DELETE", BASE + "/rules/" + id, DPO, null);
    Answer removedAgain = http.send("DELETE", BASE + "/rules/" + id, DPO, null);

    assertThat(added.status()).isEqualTo(201);
    assertThat(added.json().get("keep").asText()).isEqualTo("PT720H");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(badKeep.status()).isEqualTo(400);
    assertThat(badKeep.json().get("field").asText()).isEqualTo("keep");
    assertThat(run.status()).isEqualTo(201);
    JsonNode stream = run.json().get("datastreams").get(0);
    assertThat(stream.get("datastream").asLong()).isEqualTo(graph.datastream());
    assertThat(stream.get("removed").asLong()).isEqualTo(1);
    assertThat(stream.get("aggregatedBuckets").asLong()).isEqualTo(1);
    assertThat(reports.json().get("reports").get(0).get("id").asLong())
        .isEqualTo(run.json().get("id").asLong());
    assertThat(removed.status()).isEqualTo(204);
    assertThat(removedAgain.status()).isEqualTo(404);
    assertThat(audit.entries())
        .extracting(RecordingAudit.Entry::action)
        .containsSubsequence("retention-rule.created", "retention.run", "retention-rule.deleted");
    assertThat(audit.of("retention.run").get(0).actor()).isEqualTo("maria");
  }
}
