package org.civitas.rules.alarm.store;

import java.time.Instant;
import java.util.Objects;

/** A note an operator left on an alarm. */
public record AlarmComment(String author, Instant at, String text) {
  public AlarmComment {
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(text, "text");
  }
}
