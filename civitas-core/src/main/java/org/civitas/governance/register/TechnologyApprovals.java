package org.civitas.governance.register;

import java.util.Optional;

/**
 * Whether a technology's register entry has a Triple Test the data protection officer approved:
 * what activating a personal-data Datastream asks. Thread-safe.
 */
@FunctionalInterface
public interface TechnologyApprovals {

  /**
   * Why Datastreams of {@code technologyId} may not collect personal data, for the refusal message
   * ("no register entry 'x'", "the Triple Test of 'x' is not approved"); empty when approved.
   */
  Optional<String> whyNotApproved(String technologyId);
}
