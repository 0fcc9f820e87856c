package org.civitas.governance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.civitas.governance.audit.Verification.Reason;
import org.civitas.governance.audit.store.AuditChain;
import org.civitas.governance.audit.store.AuditEntry;
import org.civitas.governance.audit.store.AuditEvent;
import org.civitas.governance.audit.store.AuditHead;
import org.civitas.governance.audit.store.AuditStore;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The verifier over a real audit log that an attacker with database rights has changed by plain
 * JDBC (lifting the append-only trigger first); one subclass per engine, a fresh database per test.
 * Pages of 3 entries make every walk cross page boundaries.
 */
abstract class AuditVerifierContract {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);

  private SensingStore sensing;
  private AuditStore store;
  private HashChainedAudit audit;
  private AuditVerifier verifier;

  abstract SensingStore openFresh();

  abstract Connection rawConnection() throws SQLException;

  /** What an attacker runs to lift the append-only trigger on this engine. */
  abstract String disableTrigger();

  void afterStoreClosed() {}

  @BeforeEach
  void open() {
    sensing = openFresh();
    store = Storage.audit(sensing);
    audit = new HashChainedAudit(store, CLOCK);
    verifier = new AuditVerifier(store, 3);
  }

  @AfterEach
  void close() {
    sensing.close();
    afterStoreClosed();
  }

  private void recordTen() {
    for (int i = 1; i <= 10; i++) {
      audit.record("alice", "personal-data.read", "Datastreams(" + i + ")", Map.of("purpose", "x"));
    }
  }

  private void tamper(String... statements) throws SQLException {
    try (Connection connection = rawConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(disableTrigger());
      for (String sql : statements) {
        statement.executeUpdate(sql);
      }
    }
  }

  @Test
  void an_untouched_log_is_valid_and_reports_its_head() {
    recordTen();

    Verification result = verifier.verify();

    assertThat(result.valid()).isTrue();
    assertThat(result.entriesChecked()).isEqualTo(10);
    assertThat(result.headSeq()).isEqualTo(10);
    assertThat(result.headHash()).isEqualTo(store.head().hash());
    assertThat(result.firstBreak()).isEmpty();
  }

  @Test
  void an_empty_log_is_valid_with_the_genesis_head() {
    Verification result = verifier.verify();

    assertThat(result.valid()).isTrue();
    assertThat(result.entriesChecked()).isZero();
    assertThat(result.headHash()).isEqualTo(AuditChain.GENESIS);
  }

  @Test
  void a_changed_field_is_found_at_its_seq() throws SQLException {
    recordTen();
    tamper("UPDATE audit_entry SET target = 'Datastreams(99)' WHERE seq = 7");

    Verification result = verifier.verify();

    assertThat(result.valid()).isFalse();
    assertThat(result.firstBreak().orElseThrow().seq()).isEqualTo(7);
    assertThat(result.firstBreak().orElseThrow().reason()).isEqualTo(Reason.CHANGED_CONTENT);
    assertThat(result.entriesChecked()).isEqualTo(7);
    assertThat(result.headSeq()).isEqualTo(6);
  }

  @Test
  void changed_details_are_found_too() throws SQLException {
    recordTen();
    tamper("UPDATE audit_entry SET details = '{\"purpose\":\"y\"}' WHERE seq = 2");

    Verification result = verifier.verify();

    assertThat(result.firstBreak().orElseThrow().seq()).isEqualTo(2);
    assertThat(result.firstBreak().orElseThrow().reason()).isEqualTo(Reason.CHANGED_CONTENT);
  }

  @Test
  void an_entry_replaced_with_its_hash_recomputed_breaks_the_next_link() throws SQLException {
    recordTen();
    AuditEntry fourth = store.chain(3, 1).getFirst();
    AuditEvent forged =
        new AuditEvent(fourth.at(), "mallory", fourth.action(), fourth.target(), fourth.details());
    String forgedHash = AuditChain.hash(fourth.prevHash(), 4, forged);
    tamper("UPDATE audit_entry SET actor = 'mallory', hash = '" + forgedHash + "' WHERE seq = 4");

    Verification result = verifier.verify();

    assertThat(result.firstBreak().orElseThrow().seq()).isEqualTo(5);
    assertThat(result.firstBreak().orElseThrow().reason()).isEqualTo(Reason.BROKEN_LINK);
  }

  @Test
  void a_deleted_entry_shows_as_a_gap() throws SQLException {
    recordTen();
    tamper("DELETE FROM audit_entry WHERE seq = 3");

    Verification result = verifier.verify();

    assertThat(result.firstBreak().orElseThrow().seq()).isEqualTo(4);
    assertThat(result.firstBreak().orElseThrow().reason()).isEqualTo(Reason.GAP_IN_SEQ);
    assertThat(result.firstBreak().orElseThrow().detail()).contains("expected seq 3");
  }

  @Test
  void a_tail_cut_off_while_the_head_row_stayed_is_a_head_mismatch() throws SQLException {
    recordTen();
    tamper("DELETE FROM audit_entry WHERE seq > 8");

    Verification result = verifier.verify();

    assertThat(result.valid()).isFalse();
    assertThat(result.firstBreak().orElseThrow().reason()).isEqualTo(Reason.HEAD_MISMATCH);
    assertThat(result.firstBreak().orElseThrow().seq()).isEqualTo(10);
    assertThat(result.headSeq()).isEqualTo(8);
  }

  @Test
  void a_tail_cut_off_with_the_head_row_set_back_is_only_seen_against_a_published_head()
      throws SQLException {
    recordTen();
    Verification published = verifier.verify();
    String eighth = store.chain(7, 1).getFirst().hash();
    tamper(
        "DELETE FROM audit_entry WHERE seq > 8",
        "UPDATE audit_chain_head SET seq = 8, hash = '" + eighth + "'");

    Verification later = verifier.verify();

    // Consistent in itself: what the Javadoc says the chain alone cannot detect...
    assertThat(later.valid()).isTrue();
    // ...but the head published earlier is no longer in it.
    assertThat(later.headSeq()).isLessThan(published.headSeq());
    Verification against =
        verifier.verify(Optional.of(new AuditHead(published.headSeq(), published.headHash())));
    assertThat(against.valid()).isFalse();
    assertThat(against.firstBreak().orElseThrow().reason())
        .isEqualTo(Reason.PUBLISHED_HEAD_NOT_FOUND);
    assertThat(against.firstBreak().orElseThrow().seq()).isEqualTo(10);
  }

  @Test
  void entries_rewritten_with_every_later_hash_recomputed_miss_the_published_head()
      throws SQLException {
    recordTen();
    AuditHead published = new AuditHead(10, store.head().hash());
    // The attacker rewrites entry 6 and re-chains 6..10 and the head row.
    java.util.List<AuditEntry> all = store.chain(0, 100);
    java.util.List<String> statements = new java.util.ArrayList<>();
    String previous = all.get(4).hash();
    for (AuditEntry entry : all.subList(5, 10)) {
      AuditEvent event =
          entry.seq() == 6
              ? new AuditEvent(
                  entry.at(), "mallory", entry.action(), entry.target(), entry.details())
              : entry.event();
      String hash = AuditChain.hash(previous, entry.seq(), event);
      statements.add(
          "UPDATE audit_entry SET actor = '"
              + event.actor()
              + "', prev_hash = '"
              + previous
              + "', hash = '"
              + hash
              + "' WHERE seq = "
              + entry.seq());
      previous = hash;
    }
    statements.add("UPDATE audit_chain_head SET hash = '" + previous + "'");
    tamper(statements.toArray(String[]::new));

    assertThat(verifier.verify().valid()).isTrue();
    Verification against = verifier.verify(Optional.of(published));
    assertThat(against.valid()).isFalse();
    assertThat(against.firstBreak().orElseThrow().seq()).isEqualTo(10);
    assertThat(against.firstBreak().orElseThrow().reason())
        .isEqualTo(Reason.PUBLISHED_HEAD_NOT_FOUND);
    assertThat(verifier.verify(Optional.of(new AuditHead(5, all.get(4).hash()))).valid()).isTrue();
  }
}
