package org.civitas.simulator.device;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.civitas.simulator.city.GeoPoint;

/**
 * One simulated device.
 *
 * @param id stable id, kind prefix and number ({@code bin-0042})
 * @param kind what it is
 * @param model a product-like name saying which variant of its kind it is
 * @param location where it is installed (a bus: its depot)
 * @param districtId the district of {@code location}
 * @param interval how often it reports
 * @param protocol how it will reach the platform
 * @param capacity the size of what it measures, by kind: residents served by a water or electricity
 *     meter, lanes at a traffic loop, litres of a bin, rated watts of a streetlight, bays are 1
 * @param datastreams what it reports, in order
 */
public record Device(
    String id,
    DeviceKind kind,
    String model,
    GeoPoint location,
    int districtId,
    Duration interval,
    Protocol protocol,
    double capacity,
    List<DatastreamSpec> datastreams) {
  public Device {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    datastreams = List.copyOf(datastreams);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("a reporting interval must be positive, was " + interval);
    }
  }

  /** Whether the device reports the field. */
  public boolean reports(String field) {
    return datastreams.stream().anyMatch(d -> d.field().equals(field));
  }
}
