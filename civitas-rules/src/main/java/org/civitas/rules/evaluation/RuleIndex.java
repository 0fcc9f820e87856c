package org.civitas.rules.evaluation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civitas.rules.definition.Condition;
import org.civitas.rules.definition.Rule;
import org.civitas.rules.stream.ObservationEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which rules watch which Datastream: an immutable snapshot built from the enabled rules with their
 * targets resolved, swapped whole when rules or Datastreams change, read without locks by every
 * partition's thread.
 */
final class RuleIndex {
  private static final Logger LOG = LoggerFactory.getLogger(RuleIndex.class);
  private static final Binding[] NONE = new Binding[0];

  static final RuleIndex EMPTY = new RuleIndex(Map.of(), List.of(), Map.of(), 1);

  /**
   * One rule (or, {@code part >= 0}, one part of a combination) evaluated on a Datastream.
   *
   * @param condition the rule's condition, or the part's
   */
  record Binding(Rule rule, int part, Condition condition, long datastreamId) {}

  private final Map<Long, Binding[]> byDatastream;
  private final List<List<Binding>> absencesByPartition;
  private final Map<String, Rule> combinations;
  final int partitions;

  private RuleIndex(
      Map<Long, Binding[]> byDatastream,
      List<List<Binding>> absencesByPartition,
      Map<String, Rule> combinations,
      int partitions) {
    this.byDatastream = byDatastream;
    this.absencesByPartition = absencesByPartition;
    this.combinations = combinations;
    this.partitions = partitions;
  }

  static RuleIndex build(
      List<Rule> rules, java.util.function.Function<Rule, Set<Long>> targets, int partitions) {
    Map<Long, List<Binding>> bindings = new HashMap<>();
    List<List<Binding>> absences = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      absences.add(new ArrayList<>());
    }
    Map<String, Rule> combinations = new HashMap<>();
    for (Rule rule : rules) {
      if (rule.definition().condition() instanceof Condition.Combination combination) {
        combinations.put(rule.id(), rule);
        for (int i = 0; i < combination.parts().size(); i++) {
          Condition.Combination.Part part = combination.parts().get(i);
          bindings
              .computeIfAbsent(part.datastreamId(), id -> new ArrayList<>())
              .add(new Binding(rule, i, part.condition(), part.datastreamId()));
        }
        continue;
      }
      Set<Long> datastreams;
      try {
        datastreams = targets.apply(rule);
      } catch (RuntimeException e) {
        // One rule's target (a $filter the database refuses) must not stop the others.
        LOG.warn("Rule {} watches nothing: its target cannot be resolved", rule.id(), e);
        continue;
      }
      for (long datastream : datastreams) {
        Binding binding = new Binding(rule, -1, rule.definition().condition(), datastream);
        bindings.computeIfAbsent(datastream, id -> new ArrayList<>()).add(binding);
        if (binding.condition() instanceof Condition.Absence) {
          absences.get(ObservationEvents.partitionOf(datastream, partitions)).add(binding);
        }
      }
    }
    Map<Long, Binding[]> byDatastream = new HashMap<>(bindings.size() * 2);
    bindings.forEach((id, list) -> byDatastream.put(id, list.toArray(NONE)));
    return new RuleIndex(byDatastream, absences, combinations, partitions);
  }

  /** The bindings of a Datastream; an empty array when no rule watches it. */
  Binding[] of(long datastreamId) {
    Binding[] found = byDatastream.get(datastreamId);
    return found == null ? NONE : found;
  }

  /** The absence rules of a partition's Datastreams. */
  List<Binding> absences(int partition) {
    return partition < absencesByPartition.size() ? absencesByPartition.get(partition) : List.of();
  }

  /** The combination rule {@code ruleId}, if enabled. */
  Rule combination(String ruleId) {
    return combinations.get(ruleId);
  }

  /** The partition that joins the parts of a combination: that of its first part's Datastream. */
  static int home(Condition.Combination combination, int partitions) {
    return ObservationEvents.partitionOf(combination.parts().getFirst().datastreamId(), partitions);
  }

  int datastreams() {
    return byDatastream.size();
  }
}
