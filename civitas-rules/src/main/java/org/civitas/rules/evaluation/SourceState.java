package org.civitas.rules.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The evaluation state of one rule (or one part of a combination) for one Datastream: owned by the
 * thread of the Datastream's partition, so it needs no locks. Written to and read from the
 * partition's snapshot as JSON.
 */
final class SourceState {
  /** The most values a window holds; past it, the oldest are forgotten (a bounded ring). */
  static final int MAX_WINDOW = 65_536;

  final String ruleId;
  final int version;
  final int part;
  final long datastreamId;

  /** Whether the condition holds now (an open RAISE not yet cleared). */
  boolean raised;

  /** Last value and time (rate of change), last-seen time (absence), in epoch milliseconds. */
  boolean hasLast;

  double lastValue;
  long lastMillis;

  /** The window of a windowed aggregate: a ring of times and values, oldest at {@code head}. */
  long[] times = new long[0];

  double[] values = new double[0];
  int head;
  int size;
  double sum;

  SourceState(String ruleId, int version, int part, long datastreamId) {
    this.ruleId = ruleId;
    this.version = version;
    this.part = part;
    this.datastreamId = datastreamId;
  }

  boolean is(String ruleId, int version, int part) {
    return this.version == version && this.part == part && this.ruleId.equals(ruleId);
  }

  /** Adds a value to the window and forgets values older than {@code cutoffMillis}. */
  void addToWindow(long atMillis, double value, long cutoffMillis) {
    if (size == times.length) {
      if (size == MAX_WINDOW) {
        sum -= values[head];
        head = (head + 1) % times.length;
        size--;
      } else {
        grow();
      }
    }
    int tail = (head + size) % times.length;
    times[tail] = atMillis;
    values[tail] = value;
    size++;
    sum += value;
    while (size > 0 && times[head] < cutoffMillis) {
      sum -= values[head];
      head = (head + 1) % times.length;
      size--;
    }
    if (size == 0) {
      sum = 0;
    }
  }

  private void grow() {
    int capacity = Math.min(MAX_WINDOW, Math.max(8, times.length * 2));
    long[] newTimes = new long[capacity];
    double[] newValues = new double[capacity];
    for (int i = 0; i < size; i++) {
      newTimes[i] = times[(head + i) % times.length];
      newValues[i] = values[(head + i) % values.length];
    }
    times = newTimes;
    values = newValues;
    head = 0;
  }

  double min() {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, values[(head + i) % values.length]);
    }
    return min;
  }

  double max() {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, values[(head + i) % values.length]);
    }
    return max;
  }

  void write(ObjectNode json) {
    json.put("rule", ruleId).put("version", version).put("part", part);
    json.put("datastream", datastreamId).put("raised", raised);
    if (hasLast) {
      json.put("lastValue", lastValue).put("lastMillis", lastMillis);
    }
    if (size > 0) {
      var window = json.putArray("window");
      for (int i = 0; i < size; i++) {
        window
            .addArray()
            .add(times[(head + i) % times.length])
            .add(values[(head + i) % times.length]);
      }
    }
  }

  static SourceState read(JsonNode json) {
    SourceState state =
        new SourceState(
            json.path("rule").asText(),
            json.path("version").asInt(),
            json.path("part").asInt(),
            json.path("datastream").asLong());
    state.raised = json.path("raised").asBoolean();
    if (json.has("lastMillis")) {
      state.hasLast = true;
      state.lastValue = json.path("lastValue").asDouble();
      state.lastMillis = json.path("lastMillis").asLong();
    }
    for (JsonNode entry : json.path("window")) {
      state.addToWindow(entry.get(0).asLong(), entry.get(1).asDouble(), Long.MIN_VALUE);
    }
    return state;
  }
}
