package org.civitas.governance.purposes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import org.civitas.governance.GovernanceServer;
import org.civitas.governance.GovernanceServer.Answer;
import org.civitas.governance.audit.HashChainedAudit;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditQuery;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.governance.classes.LegalBasis;
import org.civitas.governance.identity.Department;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The register of purposes over HTTP on a real server and the embedded engine; callers are set by
 * the test stand-in for the identity gate. Each test uses purpose ids of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PurposeRoutesTest {
  private static final String DPO = "anna dpo";
  private static final String PATH = "/api/v1/governance/purposes";

  @TempDir static Path dataDir;
  private SensingStore sensing;
  private AuditStore auditStore;
  private Purposes purposes;
  private GovernanceServer server;

  @BeforeAll
  void start() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    auditStore = Storage.audit(sensing);
    purposes =
        new Purposes(
            Storage.purposes(sensing), new HashChainedAudit(auditStore, Clock.systemUTC()));
    server = new GovernanceServer(sensing, routes -> PurposeRoutes.register(routes, purposes));
  }

  @AfterAll
  void stop() {
    server.close();
    sensing.close();
  }

  private static String body(String id, String basis) {
    return """
        {"id": "%s", "name": "Leak detection", "description": "Finding leaks in the water mains",
         "legalBasis": "%s", "departments": ["utilities", "emergency"], "identifying": false}
        """
        .formatted(id, basis);
  }

  private AuditEntry lastAudit() {
    return auditStore.find(AuditQuery.newest(1)).getFirst();
  }

  @Test
  void the_officer_creates_a_purpose_that_everyone_can_read_and_the_creation_is_audited() {
    Answer created = server.send("POST", PATH, DPO, body("leak-detection", "public-task"));

    assertThat(created.status()).isEqualTo(201);
    Answer read = server.get(PATH + "/leak-detection", null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("legalBasis").asText()).isEqualTo("public-task");
    assertThat(read.json().get("departments").toString())
        .isEqualTo("[\"emergency\",\"utilities\"]");
    assertThat(server.get(PATH, null).json().get("value").toString()).contains("leak-detection");
    assertThat(purposes.find("leak-detection").orElseThrow().departments())
        .containsExactlyInAnyOrder(Department.UTILITIES, Department.EMERGENCY);
    AuditEntry audited = lastAudit();
    assertThat(audited.action()).isEqualTo("purpose.created");
    assertThat(audited.actor()).isEqualTo("anna");
    assertThat(audited.target()).isEqualTo("purpose:leak-detection");
    assertThat(audited.details()).containsEntry("legalBasis", "public-task");
  }

  @Test
  void a_change_by_the_officer_is_stored_and_audited_with_what_it_was() {
    server.send("POST", PATH, DPO, body("noise-mapping", "public-task"));

    Answer changed =
        server.send("PUT", PATH + "/noise-mapping", DPO, body("noise-mapping", "legal-obligation"));

    assertThat(changed.status()).isEqualTo(200);
    assertThat(purposes.find("noise-mapping").orElseThrow().legalBasis())
        .isEqualTo(LegalBasis.LEGAL_OBLIGATION);
    AuditEntry audited = lastAudit();
    assertThat(audited.action()).isEqualTo("purpose.changed");
    assertThat(audited.details())
        .containsEntry("legalBasis", "legal-obligation")
        .containsEntry("previousLegalBasis", "public-task");
  }

  @Test
  void anonymous_writes_get_401_and_operators_403_and_nothing_is_stored_or_audited() {
    long auditBefore = auditStore.head().seq();

    Answer anonymous = server.send("POST", PATH, null, body("sneaky-1", "consent"));
    Answer operator =
        server.send("POST", PATH, "tom operator:utilities", body("sneaky-2", "consent"));
    Answer admin =
        server.send("PUT", PATH + "/sneaky-3", "root admin", body("sneaky-3", "consent"));

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.field()).isEqualTo("Authorization");
    assertThat(operator.status()).isEqualTo(403);
    assertThat(admin.status()).isEqualTo(403);
    assertThat(purposes.find("sneaky-1")).isEmpty();
    assertThat(purposes.find("sneaky-2")).isEmpty();
    assertThat(auditStore.head().seq()).isEqualTo(auditBefore);
  }

  @Test
  void invalid_bodies_are_refused_naming_the_field() {
    assertThat(server.send("POST", PATH, DPO, body("Bad Id", "consent")).field()).isEqualTo("id");
    assertThat(server.send("POST", PATH, DPO, body("basis-1", "because")).field())
        .isEqualTo("legalBasis");
    Answer unknown =
        server.send(
            "POST",
            PATH,
            DPO,
            "{\"id\":\"x-1\",\"name\":\"n\",\"description\":\"d\",\"legalBasis\":\"consent\","
                + "\"departments\":[\"parks\"]}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.field()).isEqualTo("departments[0]");
    Answer extra =
        server.send(
            "POST",
            PATH,
            DPO,
            "{\"id\":\"x-2\",\"name\":\"n\",\"description\":\"d\",\"legalBasis\":\"consent\","
                + "\"owner\":\"me\"}");
    assertThat(extra.field()).isEqualTo("owner");
    assertThat(server.send("PUT", PATH + "/x-3", DPO, body("x-4", "consent")).field())
        .isEqualTo("id");
  }

  @Test
  void a_taken_id_conflicts_and_an_unknown_one_is_not_found() {
    server.send("POST", PATH, DPO, body("twice", "consent"));

    assertThat(server.send("POST", PATH, DPO, body("twice", "consent")).status()).isEqualTo(409);
    assertThat(server.send("PUT", PATH + "/never", DPO, body("never", "consent")).status())
        .isEqualTo(404);
    assertThat(server.get(PATH + "/never", null).status()).isEqualTo(404);
  }
}
