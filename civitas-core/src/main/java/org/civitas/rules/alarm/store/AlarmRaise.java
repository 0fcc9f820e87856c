package org.civitas.rules.alarm.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.civitas.sensing.model.Json;

/** A rule's RAISE for one source, as the store applies it (see {@link AlarmStore#raise}). */
public record AlarmRaise(
    String ruleId,
    int ruleVersion,
    String source,
    AlarmSeverity severity,
    Instant at,
    String summary,
    Json values,
    List<String> notifyChannels) {
  public AlarmRaise {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(values, "values");
    notifyChannels = List.copyOf(notifyChannels);
  }
}
