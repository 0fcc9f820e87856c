package org.civitas.rules.evaluation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule concluded about one source at one moment: its condition began to hold (RAISE) or
 * stopped holding (CLEAR). Alarms, notifications, Tasks and public alerts all start here.
 *
 * @param ruleId the rule
 * @param ruleVersion the version of the rule that decided
 * @param source what fired, such as {@code Datastreams(7)} or {@code district:Harbour}
 * @param at the time of the observation that decided (not the time of evaluation)
 * @param summary one sentence for people, with the figures that decided
 * @param values the figures that decided, by name (e.g. {@code value}, {@code mean15min})
 * @param actions what the rule asks for besides its alarm
 */
public record RuleOutcome(
    String ruleId,
    int ruleVersion,
    String source,
    Transition transition,
    Severity severity,
    Instant at,
    String summary,
    Map<String, Object> values,
    List<RuleAction> actions) {

  public RuleOutcome {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(summary, "summary");
    values = Map.copyOf(values);
    actions = List.copyOf(actions);
  }
}
