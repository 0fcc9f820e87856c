package org.civitas.governance.retention;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one retention run did, per governed Datastream it had to expire.
 *
 * @param id the store's id; 0 for a report not yet stored
 * @param started when the run began
 * @param finished when it ended
 * @param streams one entry per Datastream with a retention, in the order they were processed
 */
public record RetentionReport(
    long id, Instant started, Instant finished, List<StreamResult> streams) {

  public RetentionReport {
    Objects.requireNonNull(started, "started");
    Objects.requireNonNull(finished, "finished");
    streams = List.copyOf(streams);
  }

  public RetentionReport withId(long id) {
    return new RetentionReport(id, started, finished, streams);
  }

  /** Observations removed in the whole run. */
  public long removed() {
    return streams.stream().mapToLong(StreamResult::removed).sum();
  }

  /**
   * One Datastream of a run.
   *
   * @param datastreamId the Datastream
   * @param action what was done with expired Observations
   * @param cutoff Observations with a phenomenonTime before it were expired
   * @param removed how many were deleted
   * @param buckets how many hourly aggregates were written or extended
   * @param heldBy the legal hold that kept its expired Observations, if one did (nothing was
   *     removed then)
   * @param error why the Datastream could not be (fully) expired, if so; the next run tries again
   */
  public record StreamResult(
      long datastreamId,
      RetentionAction action,
      Instant cutoff,
      long removed,
      long buckets,
      Optional<String> heldBy,
      Optional<String> error) {
    public StreamResult {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(cutoff, "cutoff");
      Objects.requireNonNull(heldBy, "heldBy");
      Objects.requireNonNull(error, "error");
    }
  }
}
