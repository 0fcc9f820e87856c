package org.civitas.rules.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.civitas.rules.definition.Aggregate;
import org.civitas.rules.definition.Condition;
import org.civitas.rules.definition.Rule;
import org.civitas.rules.stream.ObservationEvent;
import org.civitas.rules.stream.PartitionConsumer;
import org.civitas.server.http.JsonCodec;

/**
 * Evaluates the rules of one partition's Datastreams, on the partition's one thread: holds their
 * state (no locks), decides RAISE and CLEAR, hands outcomes to the engine, and records the last
 * observation its state includes. Parts of combinations joined in another partition go there
 * through that partition's inbox.
 */
final class PartitionEvaluator implements PartitionConsumer {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(PartitionEvaluator.class);

  /** A part of a combination decided, for the partition that joins the parts. */
  record PartUpdate(String ruleId, int version, int part, boolean holds, long atMillis) {}

  private static final long ABSENCE_SCAN_MILLIS = 1_000;

  final int partition;
  private final RuleEngine engine;
  private final Map<Long, List<SourceState>> states = new HashMap<>();
  private final Map<String, CombinationState> combinations = new HashMap<>();
  final ConcurrentLinkedQueue<PartUpdate> inbox = new ConcurrentLinkedQueue<>();
  private long lastObservationId;
  private long evaluated;
  private long lastAbsenceScan = Long.MIN_VALUE;
  volatile boolean snapshotRequested;

  PartitionEvaluator(int partition, RuleEngine engine, long lastObservationId) {
    this.partition = partition;
    this.engine = engine;
    this.lastObservationId = lastObservationId;
  }

  long lastObservationId() {
    return lastObservationId;
  }

  long evaluated() {
    return evaluated;
  }

  @Override
  public void accept(ObservationEvent event) {
    drainInbox();
    RuleIndex.Binding[] bindings = engine.index().of(event.datastreamId());
    long at = event.phenomenonTime().toEpochMilli();
    for (RuleIndex.Binding binding : bindings) {
      SourceState state = state(binding, event.datastreamId());
      try {
        evaluate(binding, state, event, at);
      } catch (RuntimeException e) {
        // One rule's failure must neither stop the others nor make the stream deliver again.
        LOG.warn("Rule {} failed on observation {}", binding.rule().id(), event.observationId(), e);
      }
    }
    lastObservationId = event.observationId();
    evaluated++;
    if (snapshotRequested) {
      snapshotRequested = false;
      engine.save(this);
    }
  }

  @Override
  public void tick(Instant now) {
    drainInbox();
    long nowMillis = now.toEpochMilli();
    if (lastAbsenceScan == Long.MIN_VALUE || nowMillis - lastAbsenceScan >= ABSENCE_SCAN_MILLIS) {
      lastAbsenceScan = nowMillis;
      for (RuleIndex.Binding binding : engine.index().absences(partition)) {
        SourceState state = state(binding, binding.datastreamId());
        if (!state.hasLast) {
          // Watching starts now: a Datastream that never reported is absent one period from now.
          state.hasLast = true;
          state.lastMillis = nowMillis;
        }
        Condition.Absence absence = (Condition.Absence) binding.condition();
        long deadline = state.lastMillis + absence.duration().toMillis();
        if (!state.raised && nowMillis >= deadline) {
          state.raised = true;
          emit(
              binding,
              Transition.RAISE,
              Instant.ofEpochMilli(deadline),
              "no data from " + source(binding) + " for " + absence.duration(),
              Map.of("lastSeen", Instant.ofEpochMilli(state.lastMillis).toString()));
        }
      }
    }
    if (snapshotRequested) {
      snapshotRequested = false;
      engine.save(this);
    }
  }

  private void evaluate(
      RuleIndex.Binding binding, SourceState state, ObservationEvent event, long at) {
    Instant when = event.phenomenonTime();
    double value = event.number();
    switch (binding.condition()) {
      case Condition.Threshold t -> {
        if (Double.isNaN(value)) {
          return;
        }
        boolean holds =
            state.raised
                ? t.op()
                    .holds(
                        value,
                        t.op().upward() ? t.value() - t.hysteresis() : t.value() + t.hysteresis())
                : t.op().holds(value, t.value());
        decide(
            binding,
            state,
            holds,
            when,
            () -> source(binding) + " is " + value + ", limit " + t.op().symbol() + " " + t.value(),
            Map.of("value", value));
      }
      case Condition.RateOfChange r -> {
        if (Double.isNaN(value)) {
          return;
        }
        if (!state.hasLast || at <= state.lastMillis) {
          state.hasLast = true;
          state.lastValue = value;
          state.lastMillis = at;
          return;
        }
        double rate = (value - state.lastValue) * r.per().toMillis() / (at - state.lastMillis);
        state.lastValue = value;
        state.lastMillis = at;
        decide(
            binding,
            state,
            Math.abs(rate) > r.max(),
            when,
            () -> source(binding) + " changes by " + rate + " per " + r.per() + ", max " + r.max(),
            Map.of("value", value, "rate", rate));
      }
      case Condition.Absence a -> {
        state.hasLast = true;
        state.lastMillis = Math.max(state.lastMillis, at);
        if (state.raised) {
          state.raised = false;
          emit(
              binding,
              Transition.CLEAR,
              when,
              source(binding) + " reports again",
              Map.of("value", Double.isNaN(value) ? event.json() : value));
        }
      }
      case Condition.WindowedAggregate w -> {
        if (Double.isNaN(value)) {
          return;
        }
        state.addToWindow(at, value, at - w.window().toMillis());
        double aggregate =
            switch (w.function()) {
              case MEAN -> state.sum / state.size;
              case SUM -> state.sum;
              case COUNT -> state.size;
              case MIN -> state.min();
              case MAX -> state.max();
            };
        decide(
            binding,
            state,
            w.op().holds(aggregate, w.value()),
            when,
            () ->
                w.function().jsonName()
                    + " over "
                    + w.window()
                    + " of "
                    + source(binding)
                    + " is "
                    + aggregate
                    + ", limit "
                    + w.op().symbol()
                    + " "
                    + w.value(),
            w.function() == Aggregate.COUNT
                ? Map.of("count", state.size, "value", value)
                : Map.of(w.function().jsonName(), aggregate, "value", value, "count", state.size));
      }
      case Condition.Geofence g -> {
        double[] point = point(event.json());
        if (point == null) {
          return;
        }
        boolean inside = Geofences.inside(g, point[0], point[1]);
        boolean holds = g.alertWhen() == Condition.Geofence.Side.INSIDE ? inside : !inside;
        decide(
            binding,
            state,
            holds,
            when,
            () ->
                source(binding)
                    + " is "
                    + (inside ? "inside" : "outside")
                    + " its geofence at "
                    + point[0]
                    + ","
                    + point[1],
            Map.of("lon", point[0], "lat", point[1]));
      }
      case Condition.Combination c ->
          throw new IllegalStateException("combinations are evaluated by their parts");
    }
  }

  /** RAISE when the condition begins to hold, CLEAR when it stops; a part goes to its join. */
  private void decide(
      RuleIndex.Binding binding,
      SourceState state,
      boolean holds,
      Instant when,
      java.util.function.Supplier<String> summary,
      Map<String, Object> values) {
    if (binding.part() >= 0) {
      state.raised = holds;
      engine.route(
          binding.rule(),
          new PartUpdate(
              binding.rule().id(),
              binding.rule().version(),
              binding.part(),
              holds,
              when.toEpochMilli()));
      return;
    }
    if (holds == state.raised) {
      return;
    }
    state.raised = holds;
    emit(binding, holds ? Transition.RAISE : Transition.CLEAR, when, summary.get(), values);
  }

  private void drainInbox() {
    PartUpdate update;
    while ((update = inbox.poll()) != null) {
      join(update);
    }
  }

  private void join(PartUpdate update) {
    Rule rule = engine.index().combination(update.ruleId());
    if (rule == null || rule.version() != update.version()) {
      return;
    }
    Condition.Combination combination = (Condition.Combination) rule.definition().condition();
    CombinationState state =
        combinations.compute(
            update.ruleId(),
            (id, old) ->
                old != null && old.version == rule.version()
                    ? old
                    : new CombinationState(id, rule.version(), combination.parts().size()));
    state.known[update.part()] = true;
    state.holds[update.part()] = update.holds();
    state.at[update.part()] = update.atMillis();
    long newest = Long.MIN_VALUE;
    for (long at : state.at) {
      newest = Math.max(newest, at);
    }
    long tolerance = combination.tolerance().toMillis();
    boolean and = combination.logic() == Condition.Combination.Logic.AND;
    boolean holds = and;
    Map<String, Object> values = new HashMap<>();
    for (int i = 0; i < state.holds.length; i++) {
      boolean current = state.known[i] && newest - state.at[i] <= tolerance && state.holds[i];
      values.put(combination.parts().get(i).name(), current);
      holds = and ? holds && current : holds || current;
    }
    if (holds == state.raised) {
      return;
    }
    state.raised = holds;
    String source = combinationSource(combination);
    engine.emit(
        new RuleOutcome(
            rule.id(),
            rule.version(),
            source,
            holds ? Transition.RAISE : Transition.CLEAR,
            rule.definition().severity(),
            Instant.ofEpochMilli(update.atMillis()),
            rule.definition().name() + (holds ? " holds: " : " no longer holds: ") + values,
            values,
            rule.definition().actions()));
  }

  static String combinationSource(Condition.Combination combination) {
    StringBuilder source = new StringBuilder();
    for (Condition.Combination.Part part : combination.parts()) {
      if (!source.isEmpty()) {
        source.append(' ').append(combination.logic().name()).append(' ');
      }
      source.append("Datastreams(").append(part.datastreamId()).append(')');
    }
    return source.toString();
  }

  private void emit(
      RuleIndex.Binding binding,
      Transition transition,
      Instant at,
      String summary,
      Map<String, Object> values) {
    Rule rule = binding.rule();
    engine.emit(
        new RuleOutcome(
            rule.id(),
            rule.version(),
            source(binding),
            transition,
            rule.definition().severity(),
            at,
            rule.definition().name() + ": " + summary,
            values,
            rule.definition().actions()));
  }

  private static String source(RuleIndex.Binding binding) {
    return "Datastreams(" + binding.datastreamId() + ")";
  }

  private SourceState state(RuleIndex.Binding binding, long datastreamId) {
    List<SourceState> list = states.get(datastreamId);
    if (list == null) {
      list = new ArrayList<>(2);
      states.put(datastreamId, list);
    }
    Rule rule = binding.rule();
    for (int i = 0; i < list.size(); i++) {
      SourceState state = list.get(i);
      if (state.is(rule.id(), rule.version(), binding.part())) {
        return state;
      }
    }
    // A new version starts afresh; the state of older versions is dropped.
    list.removeIf(old -> old.ruleId.equals(rule.id()) && old.part == binding.part());
    SourceState state = new SourceState(rule.id(), rule.version(), binding.part(), datastreamId);
    list.add(state);
    return state;
  }

  /** The longitude and latitude of a GeoJSON Point result, or null for anything else. */
  private static double[] point(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode node = JsonCodec.readTree(json);
      JsonNode coordinates = node.path("coordinates");
      if (!"Point".equals(node.path("type").asText()) || coordinates.size() < 2) {
        return null;
      }
      return new double[] {coordinates.get(0).asDouble(), coordinates.get(1).asDouble()};
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The state as JSON, for the partition's checkpoint. */
  String snapshot() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    ArrayNode sources = json.putArray("sources");
    states.values().forEach(list -> list.forEach(state -> state.write(sources.addObject())));
    ArrayNode joins = json.putArray("combinations");
    combinations.values().forEach(state -> state.write(joins.addObject()));
    return json.toString();
  }

  /** Restores the state a checkpoint holds. */
  void restore(String snapshot) {
    JsonNode json = JsonCodec.readTree(snapshot);
    for (JsonNode node : json.path("sources")) {
      SourceState state = SourceState.read(node);
      states.computeIfAbsent(state.datastreamId, id -> new ArrayList<>(2)).add(state);
    }
    for (JsonNode node : json.path("combinations")) {
      CombinationState state = CombinationState.read(node);
      combinations.put(state.ruleId, state);
    }
  }

  /** What a combination's join knows of its parts. */
  static final class CombinationState {
    final String ruleId;
    final int version;
    final boolean[] known;
    final boolean[] holds;
    final long[] at;
    boolean raised;

    CombinationState(String ruleId, int version, int parts) {
      this.ruleId = ruleId;
      this.version = version;
      this.known = new boolean[parts];
      this.holds = new boolean[parts];
      this.at = new long[parts];
      java.util.Arrays.fill(at, Long.MIN_VALUE / 2);
    }

    void write(ObjectNode json) {
      json.put("rule", ruleId).put("version", version).put("raised", raised);
      ArrayNode parts = json.putArray("parts");
      for (int i = 0; i < holds.length; i++) {
        parts.addObject().put("known", known[i]).put("holds", holds[i]).put("at", at[i]);
      }
    }

    static CombinationState read(JsonNode json) {
      JsonNode parts = json.path("parts");
      CombinationState state =
          new CombinationState(
              json.path("rule").asText(), json.path("version").asInt(), parts.size());
      state.raised = json.path("raised").asBoolean();
      for (int i = 0; i < parts.size(); i++) {
        state.known[i] = parts.get(i).path("known").asBoolean();
        state.holds[i] = parts.get(i).path("holds").asBoolean();
        state.at[i] = parts.get(i).path("at").asLong();
      }
      return state;
    }
  }
}
