package org.civitas.rules.definition;

import java.util.Objects;

/** Which Datastreams a rule watches; each watched Datastream is a source of its own. */
public sealed interface RuleTarget {

  /** One Datastream by id. */
  record Datastream(long id) implements RuleTarget {}

  /**
   * The Datastreams a SensorThings {@code $filter} on Datastreams selects, such as {@code
   * ObservedProperty/name eq 'River level'}; re-resolved as Datastreams are created and
   * periodically.
   */
  record Filter(String filter) implements RuleTarget {
    public Filter {
      Objects.requireNonNull(filter, "filter");
    }
  }

  /**
   * Every Datastream of one ObservedProperty (by id, or by exact name) fed by a device of one
   * district.
   */
  record PropertyInDistrict(String observedProperty, String district) implements RuleTarget {
    public PropertyInDistrict {
      Objects.requireNonNull(observedProperty, "observedProperty");
      Objects.requireNonNull(district, "district");
    }
  }
}
