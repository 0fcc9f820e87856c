package org.civitas.rules.store;

import java.time.Instant;
import java.util.Objects;
import org.civitas.sensing.model.Json;

/**
 * The evaluation state of one partition of the observation stream, as of one observation: after a
 * restart evaluation resumes from the state and reads the observations after {@code
 * lastObservationId} from the observation table.
 *
 * @param partition the partition number, 0 or more
 * @param lastObservationId the id of the last observation the state includes; 0 for none
 * @param state the evaluation state as JSON text, as the rules module wrote it
 * @param savedAt when it was saved
 */
public record PartitionCheckpoint(
    int partition, long lastObservationId, Json state, Instant savedAt) {
  public PartitionCheckpoint {
    if (partition < 0) {
      throw new IllegalArgumentException("partitions are numbered from 0, was " + partition);
    }
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(savedAt, "savedAt");
  }
}
