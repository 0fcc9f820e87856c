package org.civitas.governance.register.store;

import java.util.Objects;

/**
 * One entry of the technology register as stored.
 *
 * @param version 1 when created, one more with every change: what an update names to be sure it
 *     changes what it read
 */
public record RegisterEntry(Technology technology, Review review, long version) {
  public RegisterEntry {
    Objects.requireNonNull(technology, "technology");
    Objects.requireNonNull(review, "review");
  }

  public String id() {
    return technology.id();
  }
}
