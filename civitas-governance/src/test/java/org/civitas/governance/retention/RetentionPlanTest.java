package org.civitas.governance.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.identity.Department;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {
  static DatastreamPolicy policy(
      long id, DataClass dataClass, Set<String> purposes, Optional<Duration> retention) {
    return new DatastreamPolicy(
        id,
        dataClass,
        Optional.of(Department.UTILITIES),
        purposes,
        retention,
        Optional.empty(),
        Optional.empty(),
        false,
        true);
  }

  static RetentionRule rule(DataClass dataClass, String purpose, int days, RetentionAction action) {
    return new RetentionRule(
        0, dataClass, Optional.ofNullable(purpose), Duration.ofDays(days), action);
  }

  private static final RetentionRule LEAKS_90_AGGREGATE =
      rule(DataClass.PERSONAL, "leak-detection", 90, RetentionAction.AGGREGATE);
  private static final RetentionRule PERSONAL_180_DELETE =
      rule(DataClass.PERSONAL, null, 180, RetentionAction.DELETE);

  @Test
  void the_strictest_matching_rule_applies_when_the_policy_keeps_longer() {
    var plan =
        RetentionPlan.of(
            policy(
                1, DataClass.PERSONAL, Set.of("leak-detection"), Optional.of(Duration.ofDays(365))),
            List.of(PERSONAL_180_DELETE, LEAKS_90_AGGREGATE));

    assertThat(plan)
        .contains(
            new RetentionPlan(
                Duration.ofDays(90), RetentionAction.AGGREGATE, Optional.of(LEAKS_90_AGGREGATE)));
  }

  @Test
  void the_policy_retention_applies_when_shorter_with_the_rules_action() {
    var plan =
        RetentionPlan.of(
            policy(
                1, DataClass.PERSONAL, Set.of("leak-detection"), Optional.of(Duration.ofDays(30))),
            List.of(LEAKS_90_AGGREGATE));

    assertThat(plan.orElseThrow().keep()).isEqualTo(Duration.ofDays(30));
    assertThat(plan.orElseThrow().action()).isEqualTo(RetentionAction.AGGREGATE);
  }

  @Test
  void a_rule_for_another_purpose_or_class_does_not_match_and_any_purpose_does() {
    DatastreamPolicy billing = policy(1, DataClass.PERSONAL, Set.of("billing"), Optional.empty());

    assertThat(RetentionPlan.of(billing, List.of(LEAKS_90_AGGREGATE))).isEmpty();
    assertThat(
            RetentionPlan.of(
                billing, List.of(rule(DataClass.INTERNAL, null, 7, RetentionAction.DELETE))))
        .isEmpty();
    assertThat(RetentionPlan.of(billing, List.of(LEAKS_90_AGGREGATE, PERSONAL_180_DELETE)))
        .map(RetentionPlan::keep)
        .contains(Duration.ofDays(180));
  }

  @Test
  void of_two_equally_strict_rules_the_deleting_one_wins() {
    DatastreamPolicy leaks =
        policy(1, DataClass.PERSONAL, Set.of("leak-detection"), Optional.empty());

    var plan =
        RetentionPlan.of(
            leaks,
            List.of(
                LEAKS_90_AGGREGATE, rule(DataClass.PERSONAL, null, 90, RetentionAction.DELETE)));

    assertThat(plan.orElseThrow().action()).isEqualTo(RetentionAction.DELETE);
  }

  @Test
  void only_a_policy_retention_deletes_and_nothing_at_all_keeps_for_ever() {
    assertThat(
            RetentionPlan.of(
                policy(1, DataClass.INTERNAL, Set.of(), Optional.of(Duration.ofDays(14))),
                List.of()))
        .contains(new RetentionPlan(Duration.ofDays(14), RetentionAction.DELETE, Optional.empty()));
    assertThat(RetentionPlan.of(DatastreamPolicy.unclassified(3), List.of(LEAKS_90_AGGREGATE)))
        .isEmpty();
    assertThat(
            RetentionPlan.of(
                policy(4, DataClass.PUBLIC, Set.of(), Optional.empty()),
                List.of(LEAKS_90_AGGREGATE, PERSONAL_180_DELETE)))
        .isEmpty();
  }
}
