package org.civitas.timeseries;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.civitas.sensing.model.Entity;

/** Time-series reads over Observations that SensorThings itself lacks. */
public interface TimeSeries {

  /**
   * The latest Observation (greatest phenomenonTime start) of each given Datastream; Datastreams
   * with no observations, or that do not exist, are absent from the map. Uses the (datastream,
   * phenomenonTime) index: one index probe per Datastream.
   */
  Map<Long, Entity> latest(Collection<Long> datastreamIds);

  /**
   * The numeric results of one Datastream with phenomenonTime in {@code [from, to)}, aggregated per
   * bucket, in time order.
   */
  List<Bucket> aggregate(long datastreamId, Instant from, Instant to, BucketWidth width);
}
