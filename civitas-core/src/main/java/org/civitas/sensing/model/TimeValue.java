package org.civitas.sensing.model;

import java.util.Objects;

/** A SensorThings time: an instant or an interval, both in UTC. */
public sealed interface TimeValue {

  /** The start of the time (the instant itself for an instant). */
  java.time.Instant start();

  /** The end of the time (the instant itself for an instant). */
  java.time.Instant end();

  static TimeValue of(java.time.Instant start, java.time.Instant end) {
    return end == null || end.equals(start) ? new Instant(start) : new Interval(start, end);
  }

  record Instant(java.time.Instant at) implements TimeValue {
    public Instant {
      Objects.requireNonNull(at, "at");
    }

    @Override
    public java.time.Instant start() {
      return at;
    }

    @Override
    public java.time.Instant end() {
      return at;
    }
  }

  record Interval(java.time.Instant start, java.time.Instant end) implements TimeValue {
    public Interval {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      if (end.isBefore(start)) {
        throw new IllegalArgumentException("interval end " + end + " is before its start " + start);
      }
    }
  }
}
