package org.civitas.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.civitas.governance.GovernanceServer;
import org.civitas.governance.GovernanceServer.Answer;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditQuery;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log API on a real server over the embedded engine. Callers are set by the test stand-in
 * for the identity gate ({@link GovernanceServer}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditRoutesTest {
  private static final String DPO = "anna dpo";
  private static final String TRANSPORT = "tom operator:transport";

  @TempDir static Path dataDir;
  private SensingStore sensing;
  private AuditStore store;
  private HashChainedAudit audit;
  private GovernanceServer server;

  @BeforeAll
  void start() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    store = Storage.audit(sensing);
    audit = new HashChainedAudit(store, Clock.systemUTC());
    server = new GovernanceServer(sensing, routes -> AuditRoutes.register(routes, store, audit));
    audit.record("alice", "personal-data.read", "Datastreams(12)", Map.of("purpose", "leaks"));
    audit.record("bob", "personal-data.read", "Datastreams(13)", Map.of());
    audit.record("alice", "sign-in", "account:alice", Map.of());
  }

  @AfterAll
  void stop() {
    server.close();
    sensing.close();
  }

  @Test
  void anonymous_callers_are_asked_to_sign_in_and_others_are_refused() {
    Answer anonymous = server.get("/api/v1/governance/audit", null);
    Answer operator = server.get("/api/v1/governance/audit", TRANSPORT);
    Answer admin = server.get("/api/v1/governance/audit/verify", "root admin");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.contentType()).startsWith("application/problem+json");
    assertThat(operator.status()).isEqualTo(403);
    assertThat(operator.detail()).contains("only the data protection officer");
    assertThat(admin.status()).isEqualTo(403);
    assertThat(server.get("/api/v1/governance/audit/verify", null).status()).isEqualTo(401);
  }

  @Test
  void the_officer_reads_entries_filtered_newest_first_with_their_hashes() {
    Answer answer = server.get("/api/v1/governance/audit?actor=alice&target=Datastreams(", DPO);

    assertThat(answer.status()).isEqualTo(200);
    JsonNode value = answer.json().get("value");
    assertThat(value).hasSize(1);
    JsonNode entry = value.get(0);
    assertThat(entry.get("actor").asText()).isEqualTo("alice");
    assertThat(entry.get("action").asText()).isEqualTo("personal-data.read");
    assertThat(entry.get("details").get("purpose").asText()).isEqualTo("leaks");
    assertThat(entry.get("hash").asText()).hasSize(64);
    assertThat(entry.get("prevHash").asText()).hasSize(64);
    assertThat(answer.json().has("nextLink")).isFalse();
  }

  @Test
  void pages_follow_next_links_until_the_oldest_entry() {
    List<Long> seqs = new java.util.ArrayList<>();
    String next = "/api/v1/governance/audit?top=2&action=personal-data.read";
    for (int page = 0; next != null && page < 10; page++) {
      Answer answer = server.get(next, DPO);
      assertThat(answer.status()).isEqualTo(200);
      answer.json().get("value").forEach(e -> seqs.add(e.get("seq").asLong()));
      next = answer.json().has("nextLink") ? answer.json().get("nextLink").asText() : null;
    }

    assertThat(seqs).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(seqs).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
    assertThat(store.find(new AuditQuery(null, "personal-data.read", null, null, null, 0, 100)))
        .extracting(AuditEntry::seq)
        .containsExactlyElementsOf(seqs);
  }

  @Test
  void reading_the_log_is_itself_recorded_with_the_filters() {
    server.get("/api/v1/governance/audit?actor=bob&top=5", DPO);

    AuditEntry read = store.find(AuditQuery.newest(1)).getFirst();
    assertThat(read.actor()).isEqualTo("anna");
    assertThat(read.action()).isEqualTo("audit.read");
    assertThat(read.details())
        .containsEntry("actor", "bob")
        .containsEntry("top", "5")
        .containsEntry("view", "entries")
        .containsEntry("returned", "1");
  }

  @Test
  void a_refused_reader_leaves_no_read_entry() {
    long before = store.head().seq();

    server.get("/api/v1/governance/audit", TRANSPORT);

    assertThat(store.head().seq()).isEqualTo(before);
  }

  @Test
  void verify_answers_the_chain_state_and_is_recorded() {
    Answer answer = server.get("/api/v1/governance/audit/verify", DPO);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().get("valid").asBoolean()).isTrue();
    long checked = answer.json().get("entriesChecked").asLong();
    assertThat(checked).isGreaterThanOrEqualTo(3);
    AuditEntry recorded = store.find(AuditQuery.newest(1)).getFirst();
    assertThat(recorded.action()).isEqualTo("audit.read");
    assertThat(recorded.details())
        .containsEntry("view", "verify")
        .containsEntry("valid", "true")
        .containsEntry("headHash", answer.json().get("headHash").asText());
    assertThat(recorded.seq()).isEqualTo(answer.json().get("headSeq").asLong() + 1);
  }

  @Test
  void verify_checks_a_published_head_when_given_one() {
    Answer now = server.get("/api/v1/governance/audit/verify", DPO);
    String head = now.json().get("headSeq").asLong() + ":" + now.json().get("headHash").asText();

    Answer held = server.get("/api/v1/governance/audit/verify?publishedHead=" + head, DPO);
    Answer forged =
        server.get("/api/v1/governance/audit/verify?publishedHead=2:" + "a".repeat(64), DPO);
    Answer malformed = server.get("/api/v1/governance/audit/verify?publishedHead=2", DPO);

    assertThat(held.json().get("valid").asBoolean()).isTrue();
    assertThat(forged.json().get("valid").asBoolean()).isFalse();
    assertThat(forged.json().get("firstBreak").get("reason").asText())
        .isEqualTo("PUBLISHED_HEAD_NOT_FOUND");
    assertThat(forged.json().get("firstBreak").get("seq").asLong()).isEqualTo(2);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.field()).isEqualTo("publishedHead");
  }

  @Test
  void malformed_filters_are_refused_naming_the_parameter() {
    Answer since = server.get("/api/v1/governance/audit?since=yesterday", DPO);
    Answer top = server.get("/api/v1/governance/audit?top=0", DPO);

    assertThat(since.status()).isEqualTo(400);
    assertThat(since.field()).isEqualTo("since");
    assertThat(top.status()).isEqualTo(400);
    assertThat(top.field()).isEqualTo("top");
  }

  @Test
  void time_filters_bound_the_entries() {
    Answer future = server.get("/api/v1/governance/audit?since=2100-01-01T00:00:00Z", DPO);
    Answer past = server.get("/api/v1/governance/audit?until=2000-01-01T00:00:00Z", DPO);

    assertThat(future.json().get("value")).isEmpty();
    assertThat(past.json().get("value")).isEmpty();
    assertThat(
            StreamSupport.stream(
                    server
                        .get("/api/v1/governance/audit?since=2000-01-01T00:00:00Z", DPO)
                        .json()
                        .get("value")
                        .spliterator(),
                    false)
                .count())
        .isGreaterThanOrEqualTo(3);
  }
}
