package org.civitas.governance.register.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The data protection officer's decision on an entry: none yet ({@link #DRAFT}), or who approved or
 * rejected it, when, and (for a rejection) why.
 */
public record Review(
    RegisterStatus status, Optional<String> by, Optional<Instant> at, Optional<String> note) {

  public static final Review DRAFT =
      new Review(RegisterStatus.DRAFT, Optional.empty(), Optional.empty(), Optional.empty());

  public Review {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(note, "note");
    if ((status == RegisterStatus.DRAFT) != by.isEmpty() || by.isEmpty() != at.isEmpty()) {
      throw new IllegalArgumentException(
          "a decided review names who and when, a draft neither; was " + status);
    }
  }

  public static Review approved(String by, Instant at) {
    return new Review(RegisterStatus.APPROVED, Optional.of(by), Optional.of(at), Optional.empty());
  }

  public static Review rejected(String by, Instant at, String reason) {
    return new Review(
        RegisterStatus.REJECTED, Optional.of(by), Optional.of(at), Optional.of(reason));
  }
}
