package org.civitas.governance.classes;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civitas.governance.identity.Department;

/**
 * What a classification (PUT) asks for: every field of a {@link DatastreamPolicy} except the
 * Datastream, which the path names, and {@code active}, which only activation changes.
 */
public record Classification(
    DataClass dataClass,
    Optional<Department> department,
    Set<String> purposes,
    Optional<Duration> retention,
    Optional<String> technology,
    Optional<String> subject,
    boolean consentRequired) {

  public Classification {
    Objects.requireNonNull(dataClass, "dataClass");
    Objects.requireNonNull(department, "department");
    purposes = Set.copyOf(purposes);
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(technology, "technology");
    Objects.requireNonNull(subject, "subject");
  }
}
