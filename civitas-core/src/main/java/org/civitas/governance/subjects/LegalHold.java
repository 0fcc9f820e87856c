package org.civitas.governance.subjects;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Data that must be kept although its subject asked for erasure (a court order, a pending claim):
 * everything of one subject, or one Datastream, until a date.
 *
 * @param id the store's id; 0 for a hold not yet stored
 * @param subject the subject whose data is held, or empty when a Datastream is held
 * @param datastreamId the Datastream held, or empty when a subject is held
 * @param reason why, for the erasure report
 * @param until when the hold ends
 * @param setBy the DPO who set it
 * @param setAt when
 */
public record LegalHold(
    long id,
    Optional<String> subject,
    Optional<Long> datastreamId,
    String reason,
    Instant until,
    String setBy,
    Instant setAt) {

  public LegalHold {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(datastreamId, "datastreamId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(setBy, "setBy");
    Objects.requireNonNull(setAt, "setAt");
    if (subject.isPresent() == datastreamId.isPresent()) {
      throw new IllegalArgumentException("a legal hold names a subject or a Datastream, not both");
    }
  }

  public LegalHold withId(long id) {
    return new LegalHold(id, subject, datastreamId, reason, until, setBy, setAt);
  }

  /** Whether it still holds at {@code now}. */
  public boolean activeAt(Instant now) {
    return until.isAfter(now);
  }

  /**
   * Whether it keeps Datastream {@code datastreamId} of {@code subject}.
   *
   * @param subject null for a Datastream that names no subject
   */
  public boolean covers(String subject, long datastreamId) {
    return this.subject.map(s -> s.equals(subject)).orElse(false)
        || this.datastreamId.map(id -> id == datastreamId).orElse(false);
  }
}
