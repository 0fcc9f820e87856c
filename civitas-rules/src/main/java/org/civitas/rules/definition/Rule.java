package org.civitas.rules.definition;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of a stored rule.
 *
 * @param id the rule's id, as {@link org.civitas.rules.evaluation.RuleOutcome#ruleId()} carries it
 * @param version 1 for the first, one more for each change
 * @param author who made this version
 * @param changedAt when
 * @param deleted whether this version deleted the rule
 */
public record Rule(
    String id,
    int version,
    String author,
    Instant changedAt,
    boolean deleted,
    RuleDefinition definition) {
  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(changedAt, "changedAt");
    Objects.requireNonNull(definition, "definition");
  }
}
