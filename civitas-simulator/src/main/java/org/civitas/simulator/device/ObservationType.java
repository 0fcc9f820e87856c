package org.civitas.simulator.device;

/** The SensorThings observation types (O&amp;M 2.0) the simulated datastreams use. */
public enum ObservationType {
  MEASUREMENT("OM_Measurement"),
  COUNT("OM_CountObservation"),
  TRUTH("OM_TruthObservation"),
  /** Any result, here a GeoJSON position. */
  OBSERVATION("OM_Observation");

  private final String name;

  ObservationType(String name) {
    this.name = name;
  }

  /** The type's URI as SensorThings expects it in {@code observationType}. */
  public String uri() {
    return "http://www.opengis.net/def/observationType/OGC-OM/2.0/" + name;
  }
}
