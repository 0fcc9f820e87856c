package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.civitas.governance.audit.store.AuditChain;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditEvent;
import org.civitas.governance.audit.store.AuditHead;
import org.civitas.governance.audit.store.AuditQuery;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

/**
 * The audit log ({@link AuditStore}, migration V12), run once per engine by a subclass. Each test
 * opens a fresh database, because the log cannot be emptied.
 */
@TestInstance(Lifecycle.PER_METHOD)
public abstract class AuditStoreContract {
  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00.123456789Z");

  private SensingStore sensing;
  private AuditStore audit;

  /** A fresh, empty database of this engine, opened as storage; one per test. */
  protected abstract SensingStore openFresh();

  /** A plain JDBC connection to that database, as someone with database rights would have. */
  protected abstract Connection rawConnection() throws SQLException;

  /** The statement an attacker with database rights runs to lift the append-only trigger. */
  protected abstract String disableTrigger();

  protected void afterStoreClosed() {}

  private AuditStore audit() {
    if (audit == null) {
      sensing = openFresh();
      audit = Storage.audit(sensing);
    }
    return audit;
  }

  @AfterEach
  void close() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private static AuditEvent event(int i, String actor, String action, String target) {
    return new AuditEvent(T0.plusSeconds(i), actor, action, target, Map.of("n", "" + i));
  }

  @Test
  void the_first_entry_chains_from_genesis_and_reads_back_exactly_as_hashed() {
    AuditEvent event =
        new AuditEvent(
            T0,
            "dpo-anna",
            "purpose.created",
            "purpose:leak-detection",
            Map.of("legalBasis", "public-task", "name", "Leak détection ✓"));

    AuditEntry appended = audit().append(event);

    assertThat(appended.seq()).isEqualTo(1);
    assertThat(appended.prevHash()).isEqualTo(AuditChain.GENESIS);
    assertThat(appended.hash()).isEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, event));
    assertThat(audit().chain(0, 10)).containsExactly(appended);
    assertThat(audit().chain(0, 10).getFirst().at()).isEqualTo("2026-12-01T08:00:00.123456Z");
    assertThat(AuditChain.recompute(audit().chain(0, 10).getFirst())).isEqualTo(appended.hash());
    assertThat(audit().head()).isEqualTo(new AuditHead(1, appended.hash()));
  }

  @Test
  void an_empty_log_has_the_genesis_head() {
    assertThat(audit().head()).isEqualTo(AuditHead.EMPTY);
    assertThat(audit().chain(0, 10)).isEmpty();
  }

  @Test
  void each_entry_links_to_the_one_before_and_the_chain_is_read_in_pages() {
    for (int i = 0; i < 7; i++) {
      audit().append(event(i, "alice", "sign-in", "account:alice"));
    }

    List<AuditEntry> first = audit().chain(0, 3);
    List<AuditEntry> rest = audit().chain(3, 10);

    assertThat(first).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
    assertThat(rest).extracting(AuditEntry::seq).containsExactly(4L, 5L, 6L, 7L);
    List<AuditEntry> all = new ArrayList<>(first);
    all.addAll(rest);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.get(i).prevHash()).isEqualTo(all.get(i - 1).hash());
    }
    assertThat(audit().head()).isEqualTo(new AuditHead(7, all.getLast().hash()));
  }

  @Test
  void concurrent_appends_take_turns_and_leave_one_unbroken_chain() throws Exception {
    AuditStore store = audit();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    store.append(event(i, "writer-" + writer, "test.append", "t"));
                  }
                }));
      }
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<AuditEntry> chain = store.chain(0, 1000);
    assertThat(chain).hasSize(100);
    String previous = AuditChain.GENESIS;
    for (int i = 0; i < chain.size(); i++) {
      AuditEntry entry = chain.get(i);
      assertThat(entry.seq()).isEqualTo(i + 1);
      assertThat(entry.prevHash()).isEqualTo(previous);
      assertThat(AuditChain.recompute(entry)).isEqualTo(entry.hash());
      previous = entry.hash();
    }
    assertThat(store.head()).isEqualTo(new AuditHead(100, previous));
  }

  @Test
  void entries_are_found_by_actor_action_target_prefix_and_time_newest_first_in_pages() {
    audit().append(event(0, "alice", "personal-data.read", "Datastreams(12)"));
    audit().append(event(1, "bob", "personal-data.read", "Datastreams(13)"));
    audit().append(event(2, "alice", "sign-in", "account:alice"));
    audit().append(event(3, "alice", "personal-data.read", "Datastreams(120)"));
    audit().append(event(4, "carol", "purpose.changed", "purpose:100%_sure"));

    assertThat(seqs(new AuditQuery("alice", null, null, null, null, 0, 100)))
        .containsExactly(4L, 3L, 1L);
    assertThat(seqs(new AuditQuery(null, "personal-data.read", null, null, null, 0, 100)))
        .containsExactly(4L, 2L, 1L);
    assertThat(seqs(new AuditQuery(null, null, "Datastreams(12", null, null, 0, 100)))
        .containsExactly(4L, 1L);
    // The prefix is literal: % and _ are no wildcards.
    assertThat(seqs(new AuditQuery(null, null, "purpose:100%_", null, null, 0, 100)))
        .containsExactly(5L);
    assertThat(seqs(new AuditQuery(null, null, "purpose:1%", null, null, 0, 100))).isEmpty();
    assertThat(
            seqs(
                new AuditQuery(
                    null,
                    null,
                    null,
                    T0.plusSeconds(1).truncatedTo(ChronoUnit.MICROS),
                    T0.plusSeconds(3).truncatedTo(ChronoUnit.MICROS),
                    0,
                    100)))
        .as("since is inclusive, until exclusive")
        .containsExactly(3L, 2L);
    assertThat(seqs(new AuditQuery(null, null, null, null, null, 0, 2))).containsExactly(5L, 4L);
    assertThat(seqs(new AuditQuery(null, null, null, null, null, 4, 2))).containsExactly(3L, 2L);
    assertThat(seqs(new AuditQuery("alice", "sign-in", "account:", null, null, 0, 100)))
        .containsExactly(3L);
  }

  @Test
  void the_database_refuses_to_update_or_delete_an_entry() throws SQLException {
    audit().append(event(0, "alice", "sign-in", "account:alice"));

    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_entry SET actor = 'mallory'"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_entry"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("append-only");
    }
    assertThat(audit().chain(0, 10)).extracting(AuditEntry::actor).containsExactly("alice");
  }

  @Test
  void an_attacker_who_lifts_the_trigger_can_change_a_row_but_not_its_hash_consistency()
      throws SQLException {
    AuditEntry original = audit().append(event(0, "alice", "sign-in", "account:alice"));

    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(disableTrigger());
      statement.executeUpdate("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 1");
    }

    AuditEntry tampered = audit().chain(0, 10).getFirst();
    assertThat(tampered.actor()).isEqualTo("mallory");
    assertThat(tampered.hash()).isEqualTo(original.hash());
    assertThat(AuditChain.recompute(tampered)).isNotEqualTo(tampered.hash());
  }

  private List<Long> seqs(AuditQuery query) {
    return audit().find(query).stream().map(AuditEntry::seq).toList();
  }
}
