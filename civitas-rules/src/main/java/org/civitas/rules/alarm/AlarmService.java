package org.civitas.rules.alarm;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.rules.alarm.store.Alarm;
import org.civitas.rules.alarm.store.AlarmChange;
import org.civitas.rules.alarm.store.AlarmComment;
import org.civitas.rules.alarm.store.AlarmQuery;
import org.civitas.rules.alarm.store.AlarmRaise;
import org.civitas.rules.alarm.store.AlarmSeverity;
import org.civitas.rules.alarm.store.AlarmStore;
import org.civitas.rules.evaluation.RuleAction;
import org.civitas.rules.evaluation.RuleOutcome;
import org.civitas.rules.evaluation.RuleOutcomeListener;
import org.civitas.rules.evaluation.Severity;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alarms from rule outcomes and from operators. A RAISE opens the one open alarm of its rule and
 * source or counts a repeat on it (a repeat may raise its severity, never lower it); a CLEAR clears
 * it; an outcome replayed (the same rule, source, transition and time, or anything not newer than
 * what the alarm saw last) changes nothing. Every change is stored first, then told to the {@link
 * AlarmListener}s: a new alarm and a rise in severity as {@link AlarmEvent#RAISED}.
 *
 * <p>Thread-safe: the store serialises changes to one alarm. Metrics: {@code
 * civitas_alarms_open{severity}} and {@code civitas_alarms_raised_total} (alarms opened).
 */
public final class AlarmService implements RuleOutcomeListener {
  private static final Logger log = LoggerFactory.getLogger(AlarmService.class);

  private final AlarmStore store;
  private final Clock clock;
  private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<AlarmSeverity, AtomicLong> open = new EnumMap<>(AlarmSeverity.class);
  private final Counter raised;

  public AlarmService(AlarmStore store, Clock clock, MeterRegistry registry) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    for (AlarmSeverity severity : AlarmSeverity.values()) {
      AtomicLong count = new AtomicLong();
      open.put(severity, count);
      Gauge.builder("civitas.alarms.open", count, AtomicLong::get)
          .description("Alarms raised or acknowledged but not cleared")
          .tag("severity", severity.name())
          .register(registry);
    }
    raised =
        Counter.builder("civitas.alarms.raised")
            .description("Alarms opened (repeats of an open alarm not counted)")
            .register(registry);
    refreshOpenCounts();
  }

  /** Adds a listener told every later change. */
  public void listenWith(AlarmListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** The store this service keeps alarms in (for the notifications' escalation check). */
  public AlarmStore store() {
    return store;
  }

  /** Applies one rule outcome; a failure is logged, never thrown (see the listener contract). */
  @Override
  public void on(RuleOutcome outcome) {
    try {
      apply(outcome);
    } catch (RuntimeException e) {
      log.error(
          "alarm for rule {} and source {} not updated by its {} at {}",
          outcome.ruleId(),
          outcome.source(),
          outcome.transition(),
          outcome.at(),
          e);
    }
  }

  /** As {@link #on} but throws what went wrong (tests and callers that retry). */
  public AlarmChange apply(RuleOutcome outcome) {
    AlarmChange change =
        switch (outcome.transition()) {
          case RAISE -> store.raise(raiseOf(outcome));
          case CLEAR -> store.clearByRule(outcome.ruleId(), outcome.source(), outcome.at());
        };
    switch (change.kind()) {
      case NONE -> log.debug("outcome {} changed no alarm (replayed or nothing open)", outcome);
      case OPENED -> {
        raised.increment();
        changed(AlarmEvent.RAISED, change.alarm().orElseThrow());
      }
      case REPEATED -> {
        if (change.severityRose()) {
          changed(AlarmEvent.RAISED, change.alarm().orElseThrow());
        }
      }
      case CLEARED -> changed(AlarmEvent.CLEARED, change.alarm().orElseThrow());
    }
    return change;
  }

  public Alarm find(long id) {
    return store.find(id).orElseThrow(() -> new NotFoundException("there is no alarm " + id));
  }

  public List<Alarm> list(AlarmQuery query) {
    return store.list(query);
  }

  /**
   * @throws org.civitas.error.ConflictException naming {@code state} unless it is raised
   */
  public Alarm acknowledge(long id, String actor) {
    Alarm alarm = store.acknowledge(id, required(actor, "actor"), clock.instant());
    changed(AlarmEvent.ACKNOWLEDGED, alarm);
    return alarm;
  }

  /**
   * @throws org.civitas.error.ConflictException naming {@code state} when it is cleared
   */
  public Alarm clear(long id, String actor) {
    Alarm alarm = store.clear(id, required(actor, "actor"), clock.instant());
    changed(AlarmEvent.CLEARED, alarm);
    return alarm;
  }

  /** Sets the assignee, or with null removes it. */
  public Alarm assign(long id, String assignee) {
    return store.assign(id, assignee == null ? null : required(assignee, "assignee"));
  }

  public Alarm comment(long id, String author, String text) {
    return store.comment(
        id,
        new AlarmComment(
            required(author, "author"), clock.instant(), required(text, "text", 10_000)));
  }

  /** Tells the listeners that {@code alarm} was escalated (the notifications' scheduler calls). */
  public void escalated(Alarm alarm) {
    changed(AlarmEvent.ESCALATED, alarm);
  }

  /** The matching rules' severity as stored: the same names, checked by a test. */
  public static AlarmSeverity severity(Severity severity) {
    return AlarmSeverity.valueOf(severity.name());
  }

  private void changed(AlarmEvent event, Alarm alarm) {
    refreshOpenCounts();
    for (AlarmListener listener : listeners) {
      try {
        listener.on(event, alarm);
      } catch (RuntimeException e) {
        log.error("an alarm listener failed on {} of alarm {}", event.wireName(), alarm.id(), e);
      }
    }
  }

  private void refreshOpenCounts() {
    Map<AlarmSeverity, Long> counts = store.openBySeverity();
    open.forEach((severity, count) -> count.set(counts.getOrDefault(severity, 0L)));
  }

  private static AlarmRaise raiseOf(RuleOutcome outcome) {
    List<String> channels = new ArrayList<>();
    for (RuleAction action : outcome.actions()) {
      if (action instanceof RuleAction.Notify notify) {
        notify.channels().stream().filter(c -> !channels.contains(c)).forEach(channels::add);
      }
    }
    return new AlarmRaise(
        outcome.ruleId(),
        outcome.ruleVersion(),
        outcome.source(),
        severity(outcome.severity()),
        outcome.at(),
        outcome.summary(),
        values(outcome.values()),
        channels);
  }

  /** The figures as a JSON object; values JSON has no form for are written as their text. */
  private static Json values(Map<String, Object> values) {
    Map<String, Object> plain = new LinkedHashMap<>();
    values.forEach(
        (name, value) ->
            plain.put(
                name,
                value == null
                        || value instanceof Number
                        || value instanceof Boolean
                        || value instanceof String
                    ? value
                    : value.toString()));
    return new Json(new String(JsonCodec.write(plain), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String required(String text, String field) {
    return required(text, field, 200);
  }

  private static String required(String text, String field, int maxLength) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(field + " is required and must not be blank", field);
    }
    if (text.length() > maxLength) {
      throw new InvalidInputException(
          field + " has at most " + maxLength + " characters, found " + text.length(), field);
    }
    return text;
  }

  /** For callers holding an id that may be gone. */
  public Optional<Alarm> findIfPresent(long id) {
    return store.find(id);
  }
}
