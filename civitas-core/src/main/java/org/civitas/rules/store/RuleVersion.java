package org.civitas.rules.store;

import java.time.Instant;
import java.util.Objects;
import org.civitas.sensing.model.Json;

/**
 * One version of a rule as stored: every change of a rule (its creation, each update, its deletion)
 * is a new version, and old versions are kept.
 *
 * @param id the rule's id, assigned by the store
 * @param version 1 for the first version, one more for each change
 * @param author who made this version
 * @param changedAt when this version was stored
 * @param deleted whether this version deleted the rule (its definition is the last one then)
 * @param definition the rule's definition as JSON text, as the rules module wrote it
 */
public record RuleVersion(
    long id, int version, String author, Instant changedAt, boolean deleted, Json definition) {
  public RuleVersion {
    if (version < 1) {
      throw new IllegalArgumentException("versions start at 1, was " + version);
    }
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(changedAt, "changedAt");
    Objects.requireNonNull(definition, "definition");
  }
}
