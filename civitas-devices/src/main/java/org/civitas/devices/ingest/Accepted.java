package org.civitas.devices.ingest;

import java.util.List;

/**
 * What the pipeline made of one uplink, once its Observations are committed.
 *
 * @param deviceId the device it came from
 * @param observationIds the ids of the Observations created, in the order of the payload's fields
 * @param unmappedFields the payload's fields that feed no Datastream of the device (not in its
 *     {@code fields}, or mapped to a Datastream that is no longer its Thing's); their values were
 *     dropped
 */
public record Accepted(String deviceId, List<Long> observationIds, List<String> unmappedFields) {
  public Accepted {
    observationIds = List.copyOf(observationIds);
    unmappedFields = List.copyOf(unmappedFields);
  }
}
