package org.civitas.governance.retention;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civitas.governance.classes.DatastreamPolicy;

/**
 * How long one Datastream's Observations are kept, and what happens to them then.
 *
 * <p>The effective retention of a Datastream is the shorter of its policy's own {@link
 * DatastreamPolicy#retention()} and the strictest rule that matches it. A rule matches when its
 * data class is the Datastream's and its purpose is any or one of the Datastream's purposes; the
 * strictest is the one that keeps data for the shortest time, and of two that keep it equally long
 * the one that deletes. The action is the strictest matching rule's; a Datastream that only its
 * policy limits has its expired Observations deleted. A Datastream with neither a policy retention
 * nor a matching rule is kept for ever (public data, typically).
 *
 * @param keep how long Observations are kept
 * @param action what happens to older ones
 * @param rule the strictest matching rule, if any
 */
public record RetentionPlan(Duration keep, RetentionAction action, Optional<RetentionRule> rule) {

  public RetentionPlan {
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(rule, "rule");
  }

  /** The plan for {@code policy} under {@code rules}; empty when its data is kept for ever. */
  public static Optional<RetentionPlan> of(DatastreamPolicy policy, List<RetentionRule> rules) {
    Optional<RetentionRule> strictest =
        rules.stream()
            .filter(r -> r.dataClass() == policy.dataClass())
            .filter(r -> r.purpose().map(policy.purposes()::contains).orElse(true))
            .min(
                Comparator.comparing(RetentionRule::keep)
                    .thenComparing(r -> r.action() == RetentionAction.DELETE ? 0 : 1));
    if (strictest.isEmpty()) {
      return policy
          .retention()
          .map(keep -> new RetentionPlan(keep, RetentionAction.DELETE, Optional.empty()));
    }
    RetentionRule rule = strictest.get();
    Duration keep =
        policy.retention().filter(own -> own.compareTo(rule.keep()) < 0).orElse(rule.keep());
    return Optional.of(new RetentionPlan(keep, rule.action(), strictest));
  }
}
