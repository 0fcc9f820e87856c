package org.civitas.sensing.model;

/** What a SensorThings property holds, which decides how it is parsed, stored and written out. */
public enum ValueKind {
  /** A JSON string. */
  TEXT,
  /** Any JSON value (object, array, number...), kept as JSON text: {@link Json}. */
  JSON,
  /** A GeoJSON geometry or feature, kept as JSON text: {@link Json}. */
  GEOMETRY,
  /** An ISO 8601 instant: {@link TimeValue.Instant}. */
  TIME_INSTANT,
  /** An ISO 8601 interval {@code start/end}: {@link TimeValue.Interval}. */
  TIME_INTERVAL,
  /** An instant or an interval (an Observation's phenomenonTime): {@link TimeValue}. */
  TIME
}
