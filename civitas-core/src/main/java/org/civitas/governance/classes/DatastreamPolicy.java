package org.civitas.governance.classes;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.civitas.governance.identity.Department;

/**
 * How one Datastream is governed: its data class, who is responsible for it, what it may be used
 * for, how long its Observations are kept, and whether it collects at all. A Datastream without a
 * policy is {@link DataClass#INTERNAL}, owned by no department and active.
 *
 * @param datastreamId the SensorThings {@code @iot.id} of the Datastream
 * @param dataClass how sensitive its data is
 * @param department the responsible department; required for personal classes
 * @param purposes ids in the {@link PurposeRegister}; at least one for personal classes
 * @param retention how long Observations are kept; required for personal classes
 * @param technology the id of its technology register entry; required for personal classes to be
 *     activated
 * @param subject the data subject whose data this is, for citizen-contributed data (a resident's
 *     own meter): the reference consent and data-subject requests name; never shown to readers
 *     whose purpose is not identifying
 * @param consentRequired whether collection needs the subject's consent to each purpose
 * @param active whether Observations are collected; personal Datastreams start inactive
 */
public record DatastreamPolicy(
    long datastreamId,
    DataClass dataClass,
    Optional<Department> department,
    Set<String> purposes,
    Optional<Duration> retention,
    Optional<String> technology,
    Optional<String> subject,
    boolean consentRequired,
    boolean active) {

  public DatastreamPolicy {
    Objects.requireNonNull(dataClass, "dataClass");
    Objects.requireNonNull(department, "department");
    purposes = Set.copyOf(purposes);
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(technology, "technology");
    Objects.requireNonNull(subject, "subject");
  }

  /** The policy of a Datastream nobody classified. */
  public static DatastreamPolicy unclassified(long datastreamId) {
    return new DatastreamPolicy(
        datastreamId,
        DataClass.INTERNAL,
        Optional.empty(),
        Set.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        true);
  }
}
