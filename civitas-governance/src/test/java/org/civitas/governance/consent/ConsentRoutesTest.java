package org.civitas.governance.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import org.civitas.governance.privacy.RecordingAudit;
import org.civitas.governance.privacy.TestGate;
import org.civitas.governance.privacy.TestHttp;
import org.civitas.governance.privacy.TestHttp.Answer;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/v1/governance/consents} on a real server over the embedded store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentRoutesTest {
  private static final String PATH = "/api/v1/governance/consents";
  private static final String DPO = "maria ACCOUNT dpo";
  private static final String CLERK = "anna ACCOUNT operator:utilities";
  private static final String PORTAL = "portal-key API_KEY operator:utilities";
  private static final String TRANSPORT = "tom ACCOUNT operator:transport";

  @TempDir static Path dataDir;
  private SensingStore store;
  private CivitasServer server;
  private Consents consents;
  private TestHttp http;
  private final RecordingAudit audit = new RecordingAudit();

  @BeforeAll
  void start() {
    store = Storage.open(StorageSettings.embedded(dataDir));
    consents =
        new Consents(Storage.consents(store), ConsentsTest.PURPOSES, audit, Clock.systemUTC());
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    server.withRoutes(TestGate::install);
    server.withRoutes(routes -> ConsentRoutes.register(routes, consents));
    http = new TestHttp(server.start());
  }

  @AfterAll
  void stop() {
    server.stop();
    store.close();
  }

  private static String decision(String subject, String decision, String channel) {
    return "{\"subject\":\""
        + subject
        + "\",\"purpose\":\"leak-detection\",\"decision\":\""
        + decision
        + "\",\"channel\":\""
        + channel
        + "\"}";
  }

  @Test
  void a_portal_records_opt_in_and_withdrawal_and_the_history_shows_both_and_the_current_state() {
    Answer given = http.send("POST", PATH, PORTAL, decision("h-100", "given", "web"));
    Answer withdrawn = http.send("POST", PATH, PORTAL, decision("h-100", "withdrawn", "sms"));
    Answer read = http.send("GET", PATH + "?subject=h-100", CLERK, null);

    assertThat(given.status()).isEqualTo(201);
    assertThat(given.json().get("recordedBy").asText()).isEqualTo("portal-key");
    assertThat(withdrawn.status()).isEqualTo(201);
    assertThat(consents.consents("h-100", "leak-detection")).isFalse();
    assertThat(read.status()).isEqualTo(200);
    JsonNode body = read.json();
    assertThat(body.get("history")).hasSize(2);
    assertThat(body.get("history").get(0).get("decision").asText()).isEqualTo("given");
    assertThat(body.get("history").get(1).get("channel").asText()).isEqualTo("sms");
    assertThat(body.get("current").get(0).get("purpose").asText()).isEqualTo("leak-detection");
    assertThat(body.get("current").get(0).get("consents").asBoolean()).isFalse();
    assertThat(audit.of("consent.read"))
        .anySatisfy(e -> assertThat(e.target()).isEqualTo("subject:h-100"));
  }

  @Test
  void anonymous_is_401_another_department_403_and_an_unknown_purpose_400_naming_it() {
    Answer anonymous = http.send("POST", PATH, null, decision("h-101", "given", "web"));
    Answer transport = http.send("POST", PATH, TRANSPORT, decision("h-101", "given", "staffed"));
    Answer unknown =
        http.send(
            "POST",
            PATH,
            DPO,
            "{\"subject\":\"h-101\",\"purpose\":\"tracking\",\"decision\":\"given\","
                + "\"channel\":\"web\"}");
    Answer readAnonymous = http.send("GET", PATH + "?subject=h-101", null, null);

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.contentType()).startsWith("application/problem+json");
    assertThat(transport.status()).isEqualTo(403);
    assertThat(transport.json().get("field").asText()).isEqualTo("purpose");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("field").asText()).isEqualTo("purpose");
    assertThat(readAnonymous.status()).isEqualTo(401);
    assertThat(consents.consents("h-101", "leak-detection")).isFalse();
  }

  @Test
  void a_client_cannot_set_who_recorded_or_when_mass_assignment() {
    Answer forged =
        http.send(
            "POST",
            PATH,
            PORTAL,
            "{\"subject\":\"h-102\",\"purpose\":\"leak-detection\",\"decision\":\"given\","
                + "\"channel\":\"web\",\"recordedBy\":\"maria\"}");
    Answer badDecision = http.send("POST", PATH, PORTAL, decision("h-102", "maybe", "web"));

    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.json().get("field").asText()).isEqualTo("recordedBy");
    assertThat(badDecision.status()).isEqualTo(400);
    assertThat(badDecision.json().get("field").asText()).isEqualTo("decision");
    assertThat(consents.consents("h-102", "leak-detection")).isFalse();
  }
}
