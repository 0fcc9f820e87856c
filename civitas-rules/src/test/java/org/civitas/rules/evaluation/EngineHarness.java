package org.civitas.rules.evaluation;

import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.civitas.rules.definition.Rule;
import org.civitas.rules.definition.RuleBook;
import org.civitas.rules.stream.InProcessObservationEvents;
import org.civitas.rules.stream.ObservationEvent;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.http.JsonCodec;
import org.civitas.storage.Storage;

/**
 * A real engine on a real store for tests: rules created through the {@link RuleBook}, observations
 * offered to the in-process stream as the server would after their commit, outcomes collected.
 */
final class EngineHarness implements AutoCloseable {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  /** A clock tests move by hand. */
  static final class ManualClock extends Clock {
    private volatile Instant now;

    ManualClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final SensingStore store;
  final RuleBook book;
  final InProcessObservationEvents events;
  final RuleEngine engine;
  final ManualClock clock = new ManualClock(T0);
  final List<RuleOutcome> outcomes = new CopyOnWriteArrayList<>();
  private final AtomicLong ids;

  EngineHarness(SensingStore store, String node, long firstId) {
    this(store, node, firstId, Duration.ofSeconds(30));
  }

  EngineHarness(SensingStore store, String node, long firstId, Duration leaseTtl) {
    this.store = store;
    this.ids = new AtomicLong(firstId);
    book = new RuleBook(Storage.rules(store), clock);
    events =
        new InProcessObservationEvents(
            Storage.rules(store), 4, 10_000, clock, Duration.ofMillis(20));
    engine =
        new RuleEngine(
            book,
            Storage.rules(store),
            events,
            new TargetResolver(store, Storage.devices(store)),
            clock,
            new RuleEngine.Settings(node, leaseTtl, Duration.ofHours(1), Duration.ofHours(1)));
    engine.listen(outcomes::add);
  }

  EngineHarness start() {
    engine.start();
    return this;
  }

  Rule rule(String json) {
    return book.create(JsonCodec.readTree(json));
  }

  /** Offers an observation and waits until the engine evaluated it. */
  void observe(long datastream, Instant at, double value) {
    offer(new ObservationEvent(ids.incrementAndGet(), datastream, at, value, null, 0));
  }

  void observePoint(long datastream, Instant at, double lon, double lat) {
    offer(
        new ObservationEvent(
            ids.incrementAndGet(),
            datastream,
            at,
            Double.NaN,
            "{\"type\":\"Point\",\"coordinates\":[" + lon + "," + lat + "]}",
            0));
  }

  /** Offers a committed observation as the server's listener would, and waits for it. */
  void offer(ObservationEvent event) {
    long before = engine.evaluated();
    events.offer(event);
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.evaluated() > before);
  }

  List<Transition> transitions() {
    return outcomes.stream().map(RuleOutcome::transition).toList();
  }

  @Override
  public void close() {
    engine.close();
    events.close();
  }
}
