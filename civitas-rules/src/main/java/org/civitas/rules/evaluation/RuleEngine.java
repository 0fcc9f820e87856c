package org.civitas.rules.evaluation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.civitas.rules.definition.Condition;
import org.civitas.rules.definition.Rule;
import org.civitas.rules.definition.RuleBook;
import org.civitas.rules.store.PartitionCheckpoint;
import org.civitas.rules.store.RuleStore;
import org.civitas.rules.stream.ObservationEvents;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.server.sensing.SensingEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the enabled rules on the partitions of the observation stream this node owns, and hands
 * every outcome to its listeners.
 *
 * <p><b>Ownership.</b> A node evaluates a partition only while it holds the partition's lease in
 * the database ({@link RuleStore#acquireLease}); leases are renewed every third of their time to
 * live, a node that stops renewing loses them when they expire, and another node then takes them.
 * So two nodes never evaluate one partition at once, whichever stream feeds them.
 *
 * <p><b>Exactly once.</b> The state of each owned partition is saved with the id of the last
 * observation it includes, periodically and when the engine closes; on taking a partition the
 * engine restores the state and subscribes after that id, so the stream replays exactly the
 * observations the state lacks. Outcomes decided after the last save are decided again after a
 * crash: listeners see them at least once and deduplicate by (ruleId, source) and transition.
 *
 * <p>Thread-safe. The index of rules is rebuilt when a rule changes, when a Datastream is created
 * (through {@link #datastreamEvents()}) and every {@link Settings#reresolveEvery}, so {@code
 * $filter} and district targets follow new Datastreams and devices.
 */
public final class RuleEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RuleEngine.class);

  /**
   * @param nodeId this node's name in lease rows, unique among nodes sharing the database
   * @param leaseTtl how long a lease lasts without renewal
   * @param snapshotEvery how often partition state is saved
   * @param reresolveEvery how often targets are resolved again in any case
   */
  public record Settings(
      String nodeId, Duration leaseTtl, Duration snapshotEvery, Duration reresolveEvery) {
    public Settings {
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(leaseTtl, "leaseTtl");
      Objects.requireNonNull(snapshotEvery, "snapshotEvery");
      Objects.requireNonNull(reresolveEvery, "reresolveEvery");
    }

    /** Leases of 30 s, state saved every 10 s, targets resolved again every minute. */
    public static Settings defaults(String nodeId) {
      return new Settings(
          nodeId, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofMinutes(1));
    }
  }

  private final RuleBook book;
  private final RuleStore store;
  private final ObservationEvents events;
  private final TargetResolver resolver;
  private final Clock clock;
  private final Settings settings;
  private final List<RuleOutcomeListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReferenceArray<PartitionEvaluator> owned;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().daemon().name("rules-engine").unstarted(r));
  private volatile RuleIndex index = RuleIndex.EMPTY;

  /** Resolved targets by rule id and version, so that one rule's change resolves one target. */
  private final Map<String, Resolved> resolved = new java.util.HashMap<>();

  private volatile boolean stale = true;
  private volatile boolean closed;

  public RuleEngine(
      RuleBook book,
      RuleStore store,
      ObservationEvents events,
      TargetResolver resolver,
      Clock clock,
      Settings settings) {
    this.book = Objects.requireNonNull(book, "book");
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.owned = new AtomicReferenceArray<>(events.partitions());
    book.onChange(this::reload);
  }

  /** Adds a listener of every outcome; add them before {@link #start}. */
  public void listen(RuleOutcomeListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Builds the index, takes the leases it can and starts evaluating them, then keeps leases,
   * snapshots and the index up to date on its own thread.
   */
  public RuleEngine start() {
    reload();
    balanceLeases();
    long leaseMillis = Math.max(1, settings.leaseTtl().toMillis() / 3);
    scheduler.scheduleWithFixedDelay(
        guarded(this::balanceLeases), leaseMillis, leaseMillis, TimeUnit.MILLISECONDS);
    long snapshotMillis = settings.snapshotEvery().toMillis();
    scheduler.scheduleWithFixedDelay(
        guarded(this::requestSnapshots), snapshotMillis, snapshotMillis, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(
        guarded(
            () -> {
              if (stale) {
                reload();
              }
            }),
        1,
        1,
        TimeUnit.SECONDS);
    long reresolveMillis = settings.reresolveEvery().toMillis();
    scheduler.scheduleWithFixedDelay(
        () -> stale = true, reresolveMillis, reresolveMillis, TimeUnit.MILLISECONDS);
    LOG.info(
        "Rules engine {}: {} rules over {} Datastreams, {} of {} partitions owned",
        settings.nodeId(),
        book.enabled().size(),
        index.datastreams(),
        ownedPartitions().size(),
        events.partitions());
    return this;
  }

  /** Tells the engine of Datastreams created, so that targets are resolved again soon. */
  public SensingEvents datastreamEvents() {
    return new SensingEvents() {
      @Override
      public void created(Entity entity, Map<Navigation, List<Long>> links) {
        if (entity.type() == EntityType.DATASTREAM) {
          stale = true;
        }
      }

      @Override
      public void updated(
          EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links) {
        if (type == EntityType.DATASTREAM) {
          stale = true;
        }
      }
    };
  }

  private record Resolved(int version, Set<Long> datastreams) {}

  /**
   * Rebuilds the index from the enabled rules now: targets of new and changed rules are resolved,
   * the others kept from the last resolution (all are resolved again when a Datastream changes and
   * every {@link Settings#reresolveEvery}).
   */
  public synchronized void reload() {
    List<Rule> rules = book.enabled();
    if (stale) {
      stale = false;
      resolved.clear();
    }
    resolved
        .keySet()
        .retainAll(rules.stream().map(Rule::id).collect(java.util.stream.Collectors.toSet()));
    index =
        RuleIndex.build(
            rules,
            rule -> {
              Resolved known = resolved.get(rule.id());
              if (known == null || known.version() != rule.version()) {
                known =
                    new Resolved(
                        rule.version(), resolver.resolve(rule.definition().target().orElseThrow()));
                resolved.put(rule.id(), known);
              }
              return known.datastreams();
            },
            events.partitions());
  }

  /** The partitions this node evaluates now. */
  public Set<Integer> ownedPartitions() {
    java.util.TreeSet<Integer> partitions = new java.util.TreeSet<>();
    for (int p = 0; p < owned.length(); p++) {
      if (owned.get(p) != null) {
        partitions.add(p);
      }
    }
    return partitions;
  }

  /**
   * Observations evaluated on this node since it started, by the evaluators' own counts (read
   * without synchronisation: a figure for monitoring and benchmarks).
   */
  public long evaluated() {
    long sum = 0;
    for (int p = 0; p < owned.length(); p++) {
      PartitionEvaluator evaluator = owned.get(p);
      if (evaluator != null) {
        sum += evaluator.evaluated();
      }
    }
    return sum;
  }

  /** Asks every owned partition to save its state at its next event or tick. */
  public void requestSnapshots() {
    for (int p = 0; p < owned.length(); p++) {
      PartitionEvaluator evaluator = owned.get(p);
      if (evaluator != null) {
        evaluator.snapshotRequested = true;
      }
    }
  }

  RuleIndex index() {
    return index;
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("Rules engine housekeeping failed; retrying on its next run", e);
      }
    };
  }

  private synchronized void balanceLeases() {
    if (closed) {
      return;
    }
    for (int p = 0; p < owned.length(); p++) {
      boolean holds;
      try {
        holds = store.acquireLease(p, settings.nodeId(), clock.instant(), settings.leaseTtl());
      } catch (RuntimeException e) {
        // Unsure whether we still hold it: stop rather than risk two evaluators.
        LOG.warn("Rules partition {}: lease not renewed, evaluation stops here", p, e);
        holds = false;
      }
      PartitionEvaluator current = owned.get(p);
      if (holds && current == null) {
        take(p);
      } else if (!holds && current != null) {
        LOG.info("Rules partition {}: lease lost to another node, evaluation stops here", p);
        owned.set(p, null);
        events.unsubscribe(p);
      }
    }
  }

  private void take(int partition) {
    var checkpoint = store.checkpoint(partition);
    long after = checkpoint.map(PartitionCheckpoint::lastObservationId).orElse(0L);
    PartitionEvaluator evaluator = new PartitionEvaluator(partition, this, after);
    checkpoint.ifPresent(c -> evaluator.restore(c.state().text()));
    owned.set(partition, evaluator);
    events.subscribe(partition, after, evaluator);
    LOG.debug("Rules partition {} taken from observation {}", partition, after);
  }

  /** Saves a partition's state; called on the partition's thread, or after it stopped. */
  void save(PartitionEvaluator evaluator) {
    try {
      store.saveCheckpoint(
          new PartitionCheckpoint(
              evaluator.partition,
              evaluator.lastObservationId(),
              new Json(evaluator.snapshot()),
              clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn(
          "Rules partition {}: state not saved; a restart replays from the previous save",
          evaluator.partition,
          e);
    }
  }

  /** Passes a combination's part to the partition that joins it, if this node owns it. */
  void route(Rule rule, PartitionEvaluator.PartUpdate update) {
    Condition.Combination combination = (Condition.Combination) rule.definition().condition();
    PartitionEvaluator home = owned.get(RuleIndex.home(combination, owned.length()));
    if (home != null) {
      home.inbox.add(update);
    }
  }

  void emit(RuleOutcome outcome) {
    for (RuleOutcomeListener listener : listeners) {
      try {
        listener.on(outcome);
      } catch (RuntimeException e) {
        LOG.warn("A listener of rule outcomes failed on rule {}", outcome.ruleId(), e);
      }
    }
  }

  /**
   * Stops as a killed process would: no state saved, no lease released (they expire), the stream's
   * subscriptions left to whoever closes the stream. For tests of crash recovery.
   */
  synchronized void halt() {
    closed = true;
    scheduler.shutdown();
    for (int p = 0; p < owned.length(); p++) {
      if (owned.getAndSet(p, null) != null) {
        events.unsubscribe(p);
      }
    }
  }

  /**
   * Stops evaluating: each owned partition finishes the observation in hand, saves its state and
   * gives up its lease. Call before storage closes.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // Not interrupted: an interrupt during a write closes H2's file channel, and the database.
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int p = 0; p < owned.length(); p++) {
      PartitionEvaluator evaluator = owned.getAndSet(p, null);
      if (evaluator != null) {
        events.unsubscribe(p);
        save(evaluator);
        try {
          store.releaseLease(p, settings.nodeId());
        } catch (RuntimeException e) {
          LOG.warn("Rules partition {}: lease not released; it expires by itself", p, e);
        }
      }
    }
  }
}
