package org.civitas.governance.subjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.privacy.RecordingAudit;
import org.civitas.governance.subjects.SubjectRequest.Kind;
import org.civitas.governance.subjects.SubjectRequest.Status;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a data-subject request, its deadlines and its audit trail, over the embedded store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubjectRequestsTest {
  @TempDir static Path dataDir;
  private SensingStore sensing;
  private final TestClock clock = new TestClock();
  private RecordingAudit audit;
  private SubjectRequests requests;

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private volatile Instant now = Instant.parse("2026-01-31T10:00:00Z");

    void set(Instant at) {
      now = at;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @BeforeAll
  void open() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
  }

  @AfterAll
  void close() {
    sensing.close();
  }

  @BeforeEach
  void fresh() {
    clock.set(Instant.parse("2026-01-31T10:00:00Z"));
    audit = new RecordingAudit();
    requests =
        new SubjectRequests(
            Storage.subjectRequests(sensing), Storage.consents(sensing), List::of, audit, clock);
  }

  @Test
  void a_request_is_due_one_calendar_month_after_receipt_and_two_more_once_extended() {
    SubjectRequest request =
        requests.receive("maria", "h-1", Kind.ACCESS, Instant.parse("2026-01-31T09:00:00Z"));

    // 31 January plus one month is the last day of February.
    assertThat(request.due()).isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
    assertThat(request.status()).isEqualTo(Status.RECEIVED);

    SubjectRequest extended = requests.extend("maria", request.id(), "records in three systems");

    assertThat(extended.due()).isEqualTo(Instant.parse("2026-04-28T09:00:00Z"));
    assertThat(extended.extension()).contains("records in three systems");
    assertThatThrownBy(() -> requests.extend("maria", request.id(), "again"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("extended already");
  }

  @Test
  void a_request_moves_received_in_progress_completed_and_illegal_moves_conflict() {
    SubjectRequest request = requests.receive("maria", "h-2", Kind.ACCESS, clock.instant());

    assertThatThrownBy(() -> requests.complete("maria", request.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("is received");
    SubjectRequest started = requests.start("jonas", request.id());
    SubjectRequest completed = requests.complete("jonas", request.id());

    assertThat(started.status()).isEqualTo(Status.IN_PROGRESS);
    assertThat(completed.status()).isEqualTo(Status.COMPLETED);
    assertThat(completed.handledBy()).isEqualTo("jonas");
    assertThatThrownBy(() -> requests.refuse("maria", request.id(), "too late"))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> requests.start("maria", request.id()))
        .isInstanceOf(ConflictException.class);
    assertThat(audit.entries())
        .extracting(RecordingAudit.Entry::action)
        .containsExactly(
            "subject-request.received", "subject-request.in-progress", "subject-request.completed");
    assertThat(audit.entries())
        .allSatisfy(e -> assertThat(e.target()).isEqualTo("subject:h-2"))
        .allSatisfy(e -> assertThat(e.details()).containsEntry("request", "" + request.id()));
  }

  @Test
  void a_refusal_keeps_its_reason_and_an_erasure_is_not_completed_without_erasing() {
    SubjectRequest erasure = requests.receive("maria", "h-3", Kind.ERASURE, clock.instant());
    SubjectRequest other = requests.receive("maria", "h-3", Kind.ACCESS, clock.instant());

    assertThatThrownBy(() -> requests.complete("maria", erasure.id()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("erasing");
    SubjectRequest refused = requests.refuse("maria", other.id(), "manifestly unfounded");

    assertThat(refused.status()).isEqualTo(Status.REFUSED);
    assertThat(refused.reason()).contains("manifestly unfounded");
    assertThat(requests.find(other.id())).isEqualTo(refused);
    assertThat(audit.of("subject-request.refused").get(0).details())
        .containsEntry("reason", "manifestly unfounded");
  }

  @Test
  void overdue_lists_open_requests_past_their_deadline_most_overdue_first() {
    Instant now = clock.instant();
    SubjectRequest late =
        requests.receive("maria", "h-4", Kind.ACCESS, now.minus(Duration.ofDays(45)));
    SubjectRequest later =
        requests.receive("maria", "h-5", Kind.ERASURE, now.minus(Duration.ofDays(60)));
    SubjectRequest answered =
        requests.receive("maria", "h-6", Kind.ACCESS, now.minus(Duration.ofDays(50)));
    SubjectRequest extended =
        requests.receive("maria", "h-7", Kind.ACCESS, now.minus(Duration.ofDays(40)));
    requests.receive("maria", "h-8", Kind.ACCESS, now.minus(Duration.ofDays(3)));
    requests.start("maria", answered.id());
    requests.complete("maria", answered.id());
    requests.start("maria", late.id());
    requests.extend("maria", extended.id(), "complex");

    assertThat(requests.overdue())
        .extracting(SubjectRequest::id)
        .containsExactly(later.id(), late.id());

    clock.set(now.plus(Duration.ofDays(3650)));
    assertThat(requests.overdue()).extracting(SubjectRequest::subject).contains("h-7", "h-8");
  }

  @Test
  void a_request_cannot_be_received_in_the_future_and_a_hold_needs_one_scope_and_a_future_end() {
    assertThatThrownBy(
            () ->
                requests.receive(
                    "maria", "h-9", Kind.ACCESS, clock.instant().plus(Duration.ofDays(1))))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).contains("received"));
    assertThatThrownBy(
            () ->
                requests.hold(
                    "maria",
                    Optional.of("h-9"),
                    Optional.of(3L),
                    "court",
                    clock.instant().plus(Duration.ofDays(9))))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                requests.hold(
                    "maria", Optional.of("h-9"), Optional.empty(), "court", clock.instant()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).contains("until"));
  }
}
