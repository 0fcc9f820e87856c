package org.civitas.governance.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.civitas.governance.GovernanceServer;
import org.civitas.governance.GovernanceServer.Answer;
import org.civitas.governance.audit.HashChainedAudit;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditQuery;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.governance.classes.LegalBasis;
import org.civitas.governance.classes.Purpose;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;
import org.civitas.governance.purposes.Purposes;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The technology register over HTTP on a real server and the embedded engine; callers are set by
 * the test stand-in for the identity gate. Entries cannot be deleted, so each test uses ids of its
 * own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegisterRoutesTest {
  private static final String PATH = "/api/v1/register";
  private static final String DPO = "anna dpo";
  private static final String TRANSPORT = "tom operator:transport";
  private static final String HEALTH = "hana operator:health";
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  @TempDir static Path dataDir;
  private SensingStore sensing;
  private AuditStore auditStore;
  private TechnologyRegister register;
  private GovernanceServer server;

  @BeforeAll
  void start() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    auditStore = Storage.audit(sensing);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    HashChainedAudit audit = new HashChainedAudit(auditStore, clock);
    Purposes purposes = new Purposes(Storage.purposes(sensing), audit);
    purposes.create(
        new Principal("anna", Principal.Kind.ACCOUNT, Set.of(new Role.DataProtectionOfficer())),
        new Purpose(
            "traffic-planning",
            "Traffic planning",
            "Planning roads and cycle lanes from counts",
            LegalBasis.PUBLIC_TASK,
            Set.of(Department.TRANSPORT),
            false));
    register = new TechnologyRegister(Storage.register(sensing), purposes, audit, clock);
    server = new GovernanceServer(sensing, routes -> RegisterRoutes.register(routes, register));
  }

  @AfterAll
  void stop() {
    server.close();
    sensing.close();
  }

  /** A complete entry; {@code proportionate} is the third answer, {@code extra} more members. */
  private static String entry(String id, String proportionate, String capabilities, String extra) {
    return """
        {"id": "%s", "name": "Traffic counting cameras",
         "collects": "Counts of vehicles and cyclists per minute; no images leave the camera",
         "purposes": ["traffic-planning"], "districts": ["Harbour"], "department": "transport",
         "dataClasses": ["public"], "capabilities": [%s],
         "tripleTest": {
           "appropriate": {"answer": "yes", "reasoning": "counts are what planning needs"},
           "necessary": {"answer": "yes", "reasoning": "loops cannot count cyclists"},
           "proportionate": {"answer": "%s", "reasoning": "no person is identifiable"}}%s}
        """
        .formatted(id, capabilities, proportionate, extra);
  }

  private static String entry(String id) {
    return entry(id, "yes", "\"vehicle-counting\"", "");
  }

  private AuditEntry lastAudit() {
    return auditStore.find(AuditQuery.newest(1)).getFirst();
  }

  @Test
  void an_operator_registers_a_draft_that_anyone_reads_without_signing_in() {
    Answer created = server.send("POST", PATH, TRANSPORT, entry("cameras-a"));

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("status").asText()).isEqualTo("DRAFT");
    Answer one = server.get(PATH + "/cameras-a", null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("tripleTest").get("necessary").get("reasoning").asText())
        .isEqualTo("loops cannot count cyclists");
    assertThat(one.json().has("approvedBy")).isFalse();
    Answer all = server.get(PATH, null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().get("value").toString()).contains("cameras-a");
    AuditEntry audited = lastAudit();
    assertThat(audited.action()).isEqualTo("register.created");
    assertThat(audited.actor()).isEqualTo("tom");
    assertThat(audited.target()).isEqualTo("register:cameras-a");
    assertThat(register.whyNotApproved("cameras-a"))
        .contains(
            "the Triple Test of 'cameras-a' is DRAFT, not approved by the data protection officer");
  }

  @Test
  void the_public_register_says_which_capabilities_civitas_does_not_offer() {
    JsonNode notOffered = server.get(PATH, null).json().get("notOffered");

    assertThat(notOffered.findValuesAsText("capability"))
        .contains(
            "facial-recognition",
            "biometric-identification",
            "tracking-of-individuals",
            "licence-plate-recognition");
    assertThat(notOffered.get(0).get("statement").asText()).contains("Civitas does not offer");
  }

  @Test
  void capabilities_that_identify_people_are_refused_by_any_of_their_names() {
    Answer facial =
        server.send(
            "POST",
            PATH,
            TRANSPORT,
            entry("cameras-b", "yes", "\"counting\", \"facial-recognition\"", ""));
    Answer plates = server.send("POST", PATH, DPO, entry("cameras-c", "yes", "\"ANPR\"", ""));
    Answer spelled =
        server.send("POST", PATH, TRANSPORT, entry("cameras-d", "yes", "\"Face Recognition\"", ""));

    assertThat(facial.status()).isEqualTo(400);
    assertThat(facial.field()).isEqualTo("capabilities[1]");
    assertThat(facial.detail()).contains("Civitas does not offer facial-recognition");
    assertThat(plates.field()).isEqualTo("capabilities[0]");
    assertThat(plates.detail()).contains("licence-plate-recognition");
    assertThat(spelled.status()).isEqualTo(400);
    assertThat(server.get(PATH + "/cameras-b", null).status()).isEqualTo(404);
  }

  @Test
  void review_fields_in_a_body_are_refused_by_name() {
    Answer status =
        server.send(
            "POST", PATH, TRANSPORT, entry("cameras-e", "yes", "", ", \"status\": \"APPROVED\""));
    server.send("POST", PATH, TRANSPORT, entry("cameras-f"));
    Answer approvedBy =
        server.send(
            "PUT",
            PATH + "/cameras-f",
            TRANSPORT,
            entry("cameras-f", "yes", "", ", \"approvedBy\": \"anna\""));
    Answer approvedAt =
        server.send(
            "PUT",
            PATH + "/cameras-f",
            DPO,
            entry("cameras-f", "yes", "", ", \"approvedAt\": \"2026-12-01T00:00:00Z\""));

    assertThat(status.status()).isEqualTo(400);
    assertThat(status.field()).isEqualTo("status");
    assertThat(approvedBy.field()).isEqualTo("approvedBy");
    assertThat(approvedAt.field()).isEqualTo("approvedAt");
    assertThat(server.get(PATH + "/cameras-e", null).status()).isEqualTo(404);
    assertThat(register.find("cameras-f").orElseThrow().review().status().name())
        .isEqualTo("DRAFT");
  }

  @Test
  void writes_need_a_principal_of_the_entrys_department_the_officer_or_an_admin() {
    Answer anonymous = server.send("POST", PATH, null, entry("cameras-g"));
    Answer otherDepartment = server.send("POST", PATH, HEALTH, entry("cameras-g"));
    Answer admin = server.send("POST", PATH, "root admin", entry("cameras-g"));
    Answer otherChanges = server.send("PUT", PATH + "/cameras-g", HEALTH, entry("cameras-g"));
    // An operator cannot hand its entry to another department, nor take one over.
    Answer moved =
        server.send(
            "PUT",
            PATH + "/cameras-g",
            TRANSPORT,
            entry("cameras-g")
                .replace("\"department\": \"transport\"", "\"department\": \"health\""));

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(otherDepartment.status()).isEqualTo(403);
    assertThat(otherDepartment.field()).isEqualTo("department");
    assertThat(admin.status()).isEqualTo(201);
    assertThat(otherChanges.status()).isEqualTo(403);
    assertThat(moved.status()).isEqualTo(403);
    assertThat(register.find("cameras-g").orElseThrow().technology().department())
        .isEqualTo(Department.TRANSPORT);
  }

  @Test
  void only_the_officer_approves_and_only_a_test_answered_yes_three_times() {
    server.send("POST", PATH, TRANSPORT, entry("cameras-h"));
    server.send("POST", PATH, TRANSPORT, entry("cameras-i", "no", "", ""));

    Answer byOperator = server.send("POST", PATH + "/cameras-h/approve", TRANSPORT, null);
    Answer failing = server.send("POST", PATH + "/cameras-i/approve", DPO, null);
    Answer approved = server.send("POST", PATH + "/cameras-h/approve", DPO, null);
    Answer again = server.send("POST", PATH + "/cameras-h/approve", DPO, null);

    assertThat(byOperator.status()).isEqualTo(403);
    assertThat(failing.status()).isEqualTo(409);
    assertThat(failing.field()).isEqualTo("tripleTest.proportionate");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
    assertThat(approved.json().get("approvedBy").asText()).isEqualTo("anna");
    assertThat(approved.json().get("approvedAt").asText()).isEqualTo(NOW.toString());
    assertThat(again.status()).isEqualTo(409);
    assertThat(register.whyNotApproved("cameras-h")).isEmpty();
    assertThat(register.whyNotApproved("cameras-i")).isPresent();
    assertThat(lastAudit().action()).isEqualTo("register.approved");
  }

  @Test
  void any_change_to_an_approved_entry_returns_it_to_draft() {
    server.send("POST", PATH, TRANSPORT, entry("cameras-j"));
    server.send("POST", PATH + "/cameras-j/approve", DPO, null);

    Answer unchanged = server.send("PUT", PATH + "/cameras-j", TRANSPORT, entry("cameras-j"));
    assertThat(unchanged.json().get("status").asText()).isEqualTo("APPROVED");
    Answer changed =
        server.send(
            "PUT",
            PATH + "/cameras-j",
            TRANSPORT,
            entry("cameras-j").replace("[\"Harbour\"]", "[\"Harbour\", \"Old Town\"]"));

    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json().get("status").asText()).isEqualTo("DRAFT");
    assertThat(changed.json().has("approvedBy")).isFalse();
    assertThat(register.whyNotApproved("cameras-j"))
        .contains(
            "the Triple Test of 'cameras-j' is DRAFT, not approved by the data protection officer");
    AuditEntry audited = lastAudit();
    assertThat(audited.action()).isEqualTo("register.changed");
    assertThat(audited.details()).containsEntry("previousStatus", "APPROVED");
  }

  @Test
  void the_officer_rejects_with_a_reason_for_the_public_record() {
    server.send("POST", PATH, TRANSPORT, entry("cameras-k"));

    Answer noReason = server.send("POST", PATH + "/cameras-k/reject", DPO, "{}");
    Answer byOperator =
        server.send("POST", PATH + "/cameras-k/reject", TRANSPORT, "{\"reason\": \"no\"}");
    Answer rejected =
        server.send(
            "POST", PATH + "/cameras-k/reject", DPO, "{\"reason\": \"proportionality not shown\"}");

    assertThat(noReason.status()).isEqualTo(400);
    assertThat(noReason.field()).isEqualTo("reason");
    assertThat(byOperator.status()).isEqualTo(403);
    assertThat(rejected.json().get("status").asText()).isEqualTo("REJECTED");
    assertThat(rejected.json().get("rejectionReason").asText())
        .isEqualTo("proportionality not shown");
    assertThat(register.whyNotApproved("cameras-k")).get().asString().contains("REJECTED");
    assertThat(lastAudit().details()).containsEntry("reason", "proportionality not shown");
  }

  @Test
  void incomplete_entries_are_refused_naming_the_field() {
    Answer noReasoning =
        server.send(
            "POST",
            PATH,
            TRANSPORT,
            entry("cameras-l").replace("\"loops cannot count cyclists\"", "\"  \""));
    Answer unknownPurpose =
        server.send(
            "POST",
            PATH,
            TRANSPORT,
            entry("cameras-l").replace("[\"traffic-planning\"]", "[\"marketing\"]"));
    Answer nowhere =
        server.send("POST", PATH, TRANSPORT, entry("cameras-l").replace("[\"Harbour\"]", "[]"));
    Answer maybe = server.send("POST", PATH, TRANSPORT, entry("cameras-l", "maybe", "", ""));

    assertThat(noReasoning.field()).isEqualTo("tripleTest.necessary.reasoning");
    assertThat(unknownPurpose.field()).isEqualTo("purposes[0]");
    assertThat(nowhere.field()).isEqualTo("districts");
    assertThat(maybe.field()).isEqualTo("tripleTest.proportionate.answer");
    assertThat(register.find("cameras-l")).isEmpty();
  }

  @Test
  void an_unknown_technology_is_not_approved_and_says_so() {
    assertThat(register.whyNotApproved("smart-bins")).contains("no register entry 'smart-bins'");
    assertThat(server.get(PATH + "/smart-bins", null).status()).isEqualTo(404);
  }
}
