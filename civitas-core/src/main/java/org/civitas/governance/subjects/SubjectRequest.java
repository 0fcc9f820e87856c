package org.civitas.governance.subjects;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A data subject's request to access or erase the data held about them, as it stands now.
 *
 * @param id the store's id; 0 for a request not yet stored
 * @param subject the subject it is about, as {@link
 *     org.civitas.governance.classes.DatastreamPolicy#subject()} names them
 * @param kind access or erasure
 * @param status where it stands
 * @param received when the city received it
 * @param due when it must be answered: one month after receipt (GDPR Art. 12(3)), two more when
 *     extended
 * @param extension why the deadline was extended, once extended
 * @param reason why it was refused, once refused
 * @param handledBy the DPO who moved it last
 * @param updated when it changed last
 * @param outcome what the erasure did (JSON text written by the service), once completed
 */
public record SubjectRequest(
    long id,
    String subject,
    Kind kind,
    Status status,
    Instant received,
    Instant due,
    Optional<String> extension,
    Optional<String> reason,
    String handledBy,
    Instant updated,
    Optional<String> outcome) {

  public SubjectRequest {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(due, "due");
    Objects.requireNonNull(extension, "extension");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(handledBy, "handledBy");
    Objects.requireNonNull(updated, "updated");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** Whether it is still open past its deadline at {@code now}. */
  public boolean overdueAt(Instant now) {
    return status.isOpen() && due.isBefore(now);
  }

  public SubjectRequest withId(long id) {
    return new SubjectRequest(
        id, subject, kind, status, received, due, extension, reason, handledBy, updated, outcome);
  }

  /** What the subject asks for. */
  public enum Kind {
    /** A copy of everything held about them (GDPR Art. 15). */
    ACCESS,
    /** That it be erased (GDPR Art. 17). */
    ERASURE;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> fromWire(String name) {
      return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
  }

  /** Received, then in progress, then completed or refused; refused may also follow receipt. */
  public enum Status {
    RECEIVED,
    IN_PROGRESS,
    COMPLETED,
    REFUSED;

    /** Lower case with hyphens: {@code in-progress}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Status> fromWire(String name) {
      return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** Whether it still waits for an answer. */
    public boolean isOpen() {
      return this == RECEIVED || this == IN_PROGRESS;
    }
  }
}
