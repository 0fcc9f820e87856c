package org.civitas.rules.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.civitas.rules.store.LoggedObservation;
import org.civitas.rules.store.RuleStore;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.TimeValue;
import org.civitas.server.sensing.SensingEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observation stream of one node: fed by {@link SensingEvents} after each commit (register it
 * with {@code SensingApi.listen}), one bounded queue and one thread per subscribed partition.
 *
 * <p><b>Never blocking ingest.</b> {@link #created} only offers the event to its partition's queue.
 * When the queue is full (evaluation fell behind), the event is dropped and the partition marked
 * behind; its thread then catches up from the durable log (the observation table, {@link
 * RuleStore#observationsAfter}) in id order from the last observation it delivered, and returns to
 * the queue, skipping what it has read already. So a slow rule costs alarm latency, never ingest
 * throughput, and nothing is lost or delivered twice. A subscription starts the same way: catch-up
 * from the checkpoint, then live.
 *
 * <p>Delivery is in id order, which within one node is the commit order of the ingest path (one
 * writer assigns ids and commits in that order). An Observation created in a request transaction of
 * its own (a deep insert) that commits after a higher id was delivered is skipped: rules see
 * Observations of the ingest path.
 */
public final class InProcessObservationEvents implements ObservationEvents, SensingEvents {
  private static final Logger LOG = LoggerFactory.getLogger(InProcessObservationEvents.class);
  private static final Navigation DATASTREAM =
      EntityType.OBSERVATION.navigation("Datastream").orElseThrow();
  private static final int LOG_PAGE = 2_000;

  private final RuleStore log;
  private final int partitions;
  private final int capacity;
  private final Clock clock;
  private final Duration tick;
  private final AtomicReferenceArray<Subscription> subscriptions;
  private final AtomicLong dropped = new AtomicLong();

  /**
   * @param log where committed observations are read back for catch-up
   * @param partitions the number of partitions, 1 or more
   * @param capacity events queued per partition at most before the partition falls back to the log
   * @param tick how often consumers are told the time
   */
  public InProcessObservationEvents(
      RuleStore log, int partitions, int capacity, Clock clock, Duration tick) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.log = Objects.requireNonNull(log, "log");
    this.partitions = partitions;
    this.capacity = capacity;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.tick = Objects.requireNonNull(tick, "tick");
    this.subscriptions = new AtomicReferenceArray<>(partitions);
  }

  @Override
  public int partitions() {
    return partitions;
  }

  /** Events dropped because a queue was full (each then read back from the log). */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void created(Entity entity, Map<Navigation, List<Long>> links) {
    if (entity.type() != EntityType.OBSERVATION) {
      return;
    }
    List<Long> stream = links.get(DATASTREAM);
    if (stream == null || stream.isEmpty()) {
      return;
    }
    Object time = entity.value("phenomenonTime");
    Object result = entity.value("result");
    if (!(time instanceof TimeValue phenomenonTime) || !(result instanceof Json json)) {
      return;
    }
    String text = json.text();
    double number = number(text);
    offer(
        new ObservationEvent(
            entity.id(),
            stream.getFirst(),
            phenomenonTime.start(),
            number,
            Double.isNaN(number) ? text : null,
            System.nanoTime()));
  }

  @Override
  public void updated(
      EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links) {}

  /**
   * Hands a committed observation to its partition without waiting. Public for benchmarks, which
   * feed the stream directly; the server feeds it through {@link #created}.
   */
  public void offer(ObservationEvent event) {
    Subscription subscription =
        subscriptions.get(ObservationEvents.partitionOf(event.datastreamId(), partitions));
    if (subscription == null) {
      // Not evaluated here; whoever subscribes later starts from its checkpoint in the log.
      return;
    }
    if (!subscription.queue.offer(event)) {
      subscription.behind = true;
      dropped.incrementAndGet();
    }
  }

  /** A JSON number as a double; NaN for any other JSON value. */
  static double number(String text) {
    if (text.isEmpty()) {
      return Double.NaN;
    }
    char first = text.charAt(0);
    if (first != '-' && (first < '0' || first > '9')) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  @Override
  public void subscribe(int partition, long afterId, PartitionConsumer consumer) {
    Subscription subscription = new Subscription(partition, afterId, consumer);
    if (!subscriptions.compareAndSet(partition, null, subscription)) {
      throw new IllegalStateException("partition " + partition + " has a subscriber already");
    }
    subscription.thread.start();
  }

  @Override
  public void unsubscribe(int partition) {
    Subscription subscription = subscriptions.getAndSet(partition, null);
    if (subscription != null) {
      subscription.stop();
    }
  }

  @Override
  public void close() {
    for (int p = 0; p < partitions; p++) {
      unsubscribe(p);
    }
  }

  private final class Subscription implements Runnable {
    final int partition;
    final PartitionConsumer consumer;
    final ArrayBlockingQueue<ObservationEvent> queue;
    final Thread thread;
    volatile boolean behind = true;
    volatile boolean running = true;
    long position;
    Instant lastTick = Instant.MIN;

    Subscription(int partition, long afterId, PartitionConsumer consumer) {
      this.partition = partition;
      this.position = afterId;
      this.consumer = consumer;
      this.queue = new ArrayBlockingQueue<>(capacity);
      this.thread = Thread.ofPlatform().name("rules-partition-" + partition).unstarted(this);
    }

    @Override
    public void run() {
      while (running) {
        try {
          if (behind) {
            catchUp();
          }
          ObservationEvent event = queue.poll(tick.toMillis(), TimeUnit.MILLISECONDS);
          if (event != null && event.observationId() > position) {
            consumer.accept(event);
            position = event.observationId();
          }
          Instant now = clock.instant();
          if (event == null || !now.isBefore(lastTick.plus(tick))) {
            lastTick = now;
            consumer.tick(now);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (RuntimeException e) {
          // A database outage during catch-up: stay behind and try again after a tick.
          LOG.warn(
              "Rules partition {} failed; retrying from observation {}", partition, position, e);
          behind = true;
          pause();
        }
      }
    }

    /** Reads the log from {@code position} until it holds nothing newer. */
    private void catchUp() {
      behind = false;
      long caughtUp = 0;
      while (running) {
        List<LoggedObservation> page =
            log.observationsAfter(partition, partitions, position, LOG_PAGE);
        for (LoggedObservation o : page) {
          consumer.accept(
              new ObservationEvent(
                  o.id(), o.datastreamId(), o.phenomenonTime(), o.number(), o.json(), 0));
          position = o.id();
        }
        caughtUp += page.size();
        if (page.size() < LOG_PAGE) {
          break;
        }
      }
      if (caughtUp > 0) {
        LOG.info(
            "Rules partition {} caught up {} observations from the log, to observation {}",
            partition,
            caughtUp,
            position);
      }
    }

    private void pause() {
      try {
        Thread.sleep(tick.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }

    void stop() {
      // Not interrupted: an interrupt during a read closes H2's file channel, and the database.
      running = false;
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
