package org.civitas.timeseries;

/** The stream an Observation belongs to: a Datastream or a MultiDatastream, by id. */
public sealed interface ObservationStream {
  long id();

  record Datastream(long id) implements ObservationStream {}

  record MultiDatastream(long id) implements ObservationStream {}
}
