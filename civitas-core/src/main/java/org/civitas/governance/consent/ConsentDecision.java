package org.civitas.governance.consent;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One recorded decision of a data subject on one purpose: never changed once stored, so the history
 * of a subject's consent is the list of its decisions in the order they were recorded.
 *
 * @param seq the store's order of recording; 0 for a decision not yet stored
 * @param subject the data subject, as a {@link
 *     org.civitas.governance.classes.DatastreamPolicy#subject()} names it
 * @param purpose a purpose id of the register
 * @param decision given or withdrawn
 * @param at when it was recorded (the server's clock)
 * @param recordedBy the principal id who recorded it (a staff member, the citizen portal's key)
 * @param channel how the subject expressed it
 */
public record ConsentDecision(
    long seq,
    String subject,
    String purpose,
    Decision decision,
    Instant at,
    String recordedBy,
    Channel channel) {

  public ConsentDecision {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(recordedBy, "recordedBy");
    Objects.requireNonNull(channel, "channel");
    if (subject.isBlank() || subject.length() > 200) {
      throw new IllegalArgumentException("a subject is 1 to 200 characters, was '" + subject + "'");
    }
  }

  /** The same decision as stored under {@code seq}. */
  public ConsentDecision withSeq(long seq) {
    return new ConsentDecision(seq, subject, purpose, decision, at, recordedBy, channel);
  }

  /** Opt-in or withdrawal. */
  public enum Decision {
    GIVEN,
    WITHDRAWN;

    /** Lower case: {@code given}, {@code withdrawn}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Decision> fromWire(String name) {
      return Arrays.stream(values()).filter(d -> d.wireName().equals(name)).findFirst();
    }
  }

  /** How the decision reached the city. */
  public enum Channel {
    /** The citizen portal. */
    WEB,
    SMS,
    /** At a counter or on the phone, recorded by a staff member. */
    STAFFED;

    /** Lower case: {@code web}, {@code sms}, {@code staffed}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Channel> fromWire(String name) {
      return Arrays.stream(values()).filter(c -> c.wireName().equals(name)).findFirst();
    }
  }
}
