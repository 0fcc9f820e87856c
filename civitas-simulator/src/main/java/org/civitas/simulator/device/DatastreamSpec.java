package org.civitas.simulator.device;

import java.util.Objects;

/**
 * One quantity a device reports, as it will become a SensorThings Datastream.
 *
 * @param field the key of the value in a {@link Reading}'s fields
 * @param observedProperty the ObservedProperty's name
 * @param unitName the unit's name, or null for results without one (a switch state, a position)
 * @param unitSymbol the unit's UCUM symbol, or null as {@code unitName}
 * @param observationType the Datastream's observation type
 */
public record DatastreamSpec(
    String field,
    String observedProperty,
    String unitName,
    String unitSymbol,
    ObservationType observationType) {
  public DatastreamSpec {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(observedProperty, "observedProperty");
    Objects.requireNonNull(observationType, "observationType");
  }

  static DatastreamSpec measured(String field, String property, String unitName, String symbol) {
    return new DatastreamSpec(field, property, unitName, symbol, ObservationType.MEASUREMENT);
  }
}
