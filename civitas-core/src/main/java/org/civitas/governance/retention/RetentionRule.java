package org.civitas.governance.retention;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.civitas.governance.classes.DataClass;

/**
 * How long Observations of one data class, used for one purpose (or for any), are kept, and what
 * happens to them then: "personal data for leak detection: 90 days, then aggregate". Data a rule
 * does not cover is kept as long as its Datastream's own policy says, or for ever.
 *
 * @param id the store's id; 0 for a rule not yet stored
 * @param dataClass the class of the Datastreams it covers
 * @param purpose the purpose id it covers, or empty for Datastreams of any purpose
 * @param keep how long Observations are kept, measured back from the run on their phenomenonTime
 * @param action what happens to them after that
 */
public record RetentionRule(
    long id, DataClass dataClass, Optional<String> purpose, Duration keep, RetentionAction action) {

  public RetentionRule {
    Objects.requireNonNull(dataClass, "dataClass");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(keep, "keep");
    Objects.requireNonNull(action, "action");
    if (keep.isNegative() || keep.isZero()) {
      throw new IllegalArgumentException("keep must be positive, was " + keep);
    }
  }

  /** The same rule as stored under {@code id}. */
  public RetentionRule withId(long id) {
    return new RetentionRule(id, dataClass, purpose, keep, action);
  }
}
