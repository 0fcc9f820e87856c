package org.civitas.rules;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.civitas.devices.store.DeviceStore;
import org.civitas.rules.definition.RuleBook;
import org.civitas.rules.definition.RuleRoutes;
import org.civitas.rules.evaluation.RuleEngine;
import org.civitas.rules.evaluation.RuleOutcomeListener;
import org.civitas.rules.evaluation.TargetResolver;
import org.civitas.rules.evaluation.TaskActions;
import org.civitas.rules.store.RuleStore;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;

/**
 * The rules of one node, wired: the rule book and its routes, the in-process observation stream fed
 * by the server's commits, the engine and actuation. {@link #install} before the server starts,
 * {@link #start} after, {@link #close} before storage closes (it saves the evaluation state).
 */
public final class RulesModule implements AutoCloseable {
  /** Partitions of the in-process stream: a few per core, so that a busy stream is not alone. */
  static final int PARTITIONS = 8;

  /** Observations queued per partition before it falls back to reading the log. */
  static final int QUEUE_CAPACITY = 50_000;

  private final RuleBook book;
  private final org.civitas.rules.stream.InProcessObservationEvents events;
  private final RuleEngine engine;
  private final TaskActions tasks;

  private RulesModule(
      RuleBook book,
      org.civitas.rules.stream.InProcessObservationEvents events,
      RuleEngine engine,
      TaskActions tasks) {
    this.book = book;
    this.events = events;
    this.engine = engine;
    this.tasks = tasks;
  }

  /** Wires rules into {@code server}, which must not have started yet. */
  public static RulesModule install(
      CivitasServer server,
      SensingStore sensing,
      RuleStore rules,
      DeviceStore devices,
      Clock clock) {
    RuleBook book = new RuleBook(rules, clock);
    var events =
        new org.civitas.rules.stream.InProcessObservationEvents(
            rules, PARTITIONS, QUEUE_CAPACITY, clock, Duration.ofSeconds(1));
    RuleEngine engine =
        new RuleEngine(
            book,
            rules,
            events,
            new TargetResolver(sensing, devices),
            clock,
            RuleEngine.Settings.defaults("node-" + UUID.randomUUID()));
    TaskActions tasks = new TaskActions(server.sensing());
    engine.listen(tasks);
    server.sensing().listen(events);
    server.sensing().listen(engine.datastreamEvents());
    server.withRoutes(routes -> RuleRoutes.register(routes, book));
    return new RulesModule(book, events, engine, tasks);
  }

  /** Adds a listener of every rule outcome (alarms, public alerts); before {@link #start}. */
  public void listen(RuleOutcomeListener listener) {
    engine.listen(listener);
  }

  public RuleBook book() {
    return book;
  }

  /** Starts evaluating: takes partition leases, catches up from the checkpoints. */
  public void start() {
    engine.start();
  }

  /** Stops evaluating, saving the state; then creates the Tasks already asked for. */
  @Override
  public void close() {
    engine.close();
    events.close();
    tasks.close();
  }
}
