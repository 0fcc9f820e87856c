package org.civitas.rules.alarm.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.civitas.sensing.model.Json;

/**
 * One alarm: a rule's condition holding for one source, from its first RAISE to its clearing. While
 * not cleared it is the one open alarm of its (ruleId, source); later RAISEs count as repeats.
 *
 * @param ruleVersion the version of the rule that raised it last
 * @param raisedAt the time of the first RAISE
 * @param acknowledgedAt null until acknowledged, as is {@code acknowledgedBy}
 * @param clearedAt null until cleared; {@code clearedBy} is null when the rule cleared it
 * @param lastAt the time of the last outcome applied to it (a RAISE, a repeat or the rule's CLEAR):
 *     an outcome for its rule and source at or before this time is a replay and changes nothing
 * @param count how many RAISEs it has seen, at least 1
 * @param values the figures of the last RAISE, a JSON object
 * @param notifyChannels channels the rule named (a Notify action) besides the default ones
 * @param escalatedAt when it was escalated for being unacknowledged; null before
 * @param assignee who handles it; null when nobody does yet
 */
public record Alarm(
    long id,
    String ruleId,
    int ruleVersion,
    String source,
    AlarmSeverity severity,
    AlarmState state,
    Instant raisedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant clearedAt,
    String clearedBy,
    Instant lastAt,
    int count,
    String summary,
    Json values,
    List<String> notifyChannels,
    Instant escalatedAt,
    String assignee,
    List<AlarmComment> comments) {

  public Alarm {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(lastAt, "lastAt");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(values, "values");
    notifyChannels = List.copyOf(notifyChannels);
    comments = List.copyOf(comments);
  }

  public boolean open() {
    return state != AlarmState.CLEARED;
  }
}
