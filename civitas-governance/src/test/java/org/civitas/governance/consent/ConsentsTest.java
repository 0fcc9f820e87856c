package org.civitas.governance.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.civitas.error.ForbiddenException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.classes.LegalBasis;
import org.civitas.governance.classes.Purpose;
import org.civitas.governance.classes.PurposeRegister;
import org.civitas.governance.consent.ConsentDecision.Channel;
import org.civitas.governance.consent.ConsentDecision.Decision;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.privacy.RecordingAudit;
import org.civitas.governance.privacy.TestGate;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Consent over the real embedded store; the register of purposes is a small in-test map. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentsTest {
  static final Purpose LEAKS =
      new Purpose(
          "leak-detection",
          "Leak detection",
          "finding leaks from a household's own water meter",
          LegalBasis.CONSENT,
          Set.of(Department.UTILITIES),
          false);
  static final PurposeRegister PURPOSES =
      id -> Optional.ofNullable(Map.of(LEAKS.id(), LEAKS).get(id));

  static final Principal DPO = TestGate.parse("maria ACCOUNT dpo");
  static final Principal CLERK = TestGate.parse("anna ACCOUNT operator:utilities");
  static final Principal PORTAL = TestGate.parse("portal-key API_KEY operator:utilities");
  static final Principal TRANSPORT = TestGate.parse("tom ACCOUNT operator:transport");
  static final Principal TRANSPORT_KEY = TestGate.parse("bus-key API_KEY operator:transport");

  @TempDir static Path dataDir;
  private SensingStore sensing;
  private ConsentStore store;
  private final RecordingAudit audit = new RecordingAudit();

  @BeforeAll
  void open() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    store = Storage.consents(sensing);
  }

  @AfterAll
  void close() {
    sensing.close();
  }

  private static String subject() {
    return "household-" + UUID.randomUUID();
  }

  @Test
  void no_decision_is_no_consent_and_a_withdrawal_takes_effect_before_it_returns() {
    Consents consents = new Consents(store, PURPOSES, audit, Clock.systemUTC());
    String subject = subject();

    assertThat(consents.consents(subject, "leak-detection")).isFalse();
    consents.record(PORTAL, subject, "leak-detection", Decision.GIVEN, Channel.WEB);
    assertThat(consents.consents(subject, "leak-detection")).isTrue();
    assertThat(consents.consents(subject, "other-purpose")).isFalse();

    consents.record(CLERK, subject, "leak-detection", Decision.WITHDRAWN, Channel.STAFFED);

    assertThat(consents.consents(subject, "leak-detection")).isFalse();
    assertThat(store.history(subject))
        .extracting(
            ConsentDecision::decision, ConsentDecision::recordedBy, ConsentDecision::channel)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Decision.GIVEN, "portal-key", Channel.WEB),
            org.assertj.core.groups.Tuple.tuple(Decision.WITHDRAWN, "anna", Channel.STAFFED));
  }

  @Test
  void decisions_are_audited_with_actor_subject_purpose_and_channel() {
    RecordingAudit own = new RecordingAudit();
    Consents consents = new Consents(store, PURPOSES, own, Clock.systemUTC());
    String subject = subject();

    consents.record(PORTAL, subject, "leak-detection", Decision.GIVEN, Channel.SMS);
    consents.record(DPO, subject, "leak-detection", Decision.WITHDRAWN, Channel.WEB);
    consents.history(DPO, subject);

    assertThat(own.entries())
        .extracting(RecordingAudit.Entry::actor, RecordingAudit.Entry::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("portal-key", "consent.given"),
            org.assertj.core.groups.Tuple.tuple("maria", "consent.withdrawn"),
            org.assertj.core.groups.Tuple.tuple("maria", "consent.read"));
    assertThat(own.entries().get(0).target()).isEqualTo("subject:" + subject);
    assertThat(own.entries().get(0).details())
        .containsEntry("purpose", "leak-detection")
        .containsEntry("channel", "sms");
  }

  @Test
  void another_node_sees_a_withdrawal_within_two_seconds() {
    try (Consents first =
            Consents.start(store, PURPOSES, audit, Clock.systemUTC(), Consents.REFRESH);
        Consents second =
            Consents.start(store, PURPOSES, audit, Clock.systemUTC(), Consents.REFRESH)) {
      String subject = subject();
      first.record(PORTAL, subject, "leak-detection", Decision.GIVEN, Channel.WEB);
      await().atMost(Duration.ofSeconds(2)).until(() -> second.consents(subject, "leak-detection"));

      Instant withdrawn = Instant.now();
      first.record(PORTAL, subject, "leak-detection", Decision.WITHDRAWN, Channel.WEB);

      await()
          .atMost(Duration.ofSeconds(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !second.consents(subject, "leak-detection"));
      assertThat(Duration.between(withdrawn, Instant.now())).isLessThan(Duration.ofSeconds(2));
    }
  }

  @Test
  void a_decision_that_commits_after_a_higher_seq_was_read_is_still_seen() {
    // Two nodes on PostgreSQL: seq 5 may commit after seq 6 was read. A store that shows it only
    // once later stands for that ordering, which a single real database cannot produce on demand.
    List<ConsentDecision> visible = new ArrayList<>();
    ConsentStore lateCommits =
        new ConsentStore() {
          @Override
          public ConsentDecision append(ConsentDecision decision) {
            throw new UnsupportedOperationException();
          }

          @Override
          public List<ConsentDecision> history(String subject) {
            return List.of();
          }

          @Override
          public List<ConsentDecision> after(long afterSeq, int limit) {
            return visible.stream().filter(d -> d.seq() > afterSeq).limit(limit).toList();
          }

          @Override
          public List<ConsentDecision> recordedSince(Instant since) {
            return visible.stream().filter(d -> !d.at().isBefore(since)).toList();
          }
        };
    Instant now = Instant.now();
    visible.add(
        new ConsentDecision(6, "h-1", "leak-detection", Decision.GIVEN, now, "k", Channel.WEB));
    Consents consents = new Consents(lateCommits, PURPOSES, audit, Clock.systemUTC());
    visible.add(
        new ConsentDecision(5, "h-2", "leak-detection", Decision.GIVEN, now, "k", Channel.WEB));

    consents.refresh();

    assertThat(consents.consents("h-1", "leak-detection")).isTrue();
    assertThat(consents.consents("h-2", "leak-detection")).isTrue();
  }

  @Test
  void who_may_record_depends_on_role_department_and_channel() {
    Consents consents = new Consents(store, PURPOSES, audit, Clock.systemUTC());
    String s = subject();

    assertThatThrownBy(
            () ->
                consents.record(
                    Principal.ANONYMOUS, s, "leak-detection", Decision.GIVEN, Channel.WEB))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(
            () -> consents.record(TRANSPORT, s, "leak-detection", Decision.GIVEN, Channel.STAFFED))
        .isInstanceOfSatisfying(
            ForbiddenException.class, e -> assertThat(e.field()).contains("purpose"));
    assertThatThrownBy(
            () -> consents.record(TRANSPORT_KEY, s, "leak-detection", Decision.GIVEN, Channel.WEB))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () -> consents.record(CLERK, s, "leak-detection", Decision.GIVEN, Channel.WEB))
        .isInstanceOfSatisfying(
            ForbiddenException.class, e -> assertThat(e.field()).contains("channel"));
    assertThatThrownBy(
            () -> consents.record(PORTAL, s, "leak-detection", Decision.GIVEN, Channel.STAFFED))
        .isInstanceOfSatisfying(
            ForbiddenException.class, e -> assertThat(e.field()).contains("channel"));
    assertThatThrownBy(() -> consents.record(DPO, s, "surveillance", Decision.GIVEN, Channel.WEB))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).contains("purpose"));
    assertThat(store.history(s)).isEmpty();

    consents.record(CLERK, s, "leak-detection", Decision.GIVEN, Channel.STAFFED);
    consents.record(PORTAL, s, "leak-detection", Decision.WITHDRAWN, Channel.SMS);
    consents.record(DPO, s, "leak-detection", Decision.GIVEN, Channel.WEB);
    assertThat(store.history(s)).hasSize(3);
  }

  @Test
  void an_operator_reads_only_decisions_on_purposes_of_its_department_the_dpo_all() {
    Consents consents = new Consents(store, PURPOSES, audit, Clock.systemUTC());
    String s = subject();
    consents.record(CLERK, s, "leak-detection", Decision.GIVEN, Channel.STAFFED);

    assertThat(consents.history(DPO, s)).hasSize(1);
    assertThat(consents.history(CLERK, s)).hasSize(1);
    assertThat(consents.history(TRANSPORT, s)).isEmpty();
    assertThatThrownBy(() -> consents.history(TestGate.parse("root ACCOUNT admin"), s))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> consents.history(Principal.ANONYMOUS, s))
        .isInstanceOf(UnauthorizedException.class);
  }
}
