package org.civitas.rules.definition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civitas.governance.identity.Department;
import org.civitas.rules.evaluation.RuleAction;
import org.civitas.rules.evaluation.Severity;

/**
 * What a rule is, as its author wrote it: everything but its id and version.
 *
 * @param target which Datastreams it watches; empty for a {@link Condition.Combination}, whose
 *     parts name their Datastreams
 * @param actions what it asks for when it raises, besides its alarm
 */
public record RuleDefinition(
    String name,
    String description,
    boolean enabled,
    Severity severity,
    Optional<RuleTarget> target,
    Condition condition,
    List<RuleAction> actions,
    Optional<Department> department) {
  public RuleDefinition {
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(condition, "condition");
    actions = List.copyOf(actions);
  }
}
