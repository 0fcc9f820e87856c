package org.civitas.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.civitas.rules.definition.RuleBook;
import org.civitas.rules.evaluation.RuleEngine;
import org.civitas.rules.evaluation.TargetResolver;
import org.civitas.rules.stream.InProcessObservationEvents;
import org.civitas.rules.stream.ObservationEvent;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.http.JsonCodec;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageKind;
import org.civitas.storage.StorageSettings;

/**
 * The rules phase: {@code rules} rules over {@code datastreams} Datastreams (each rule's target a
 * {@code $filter} selecting ten of them, resolved by the database), fed {@code rate} observations
 * per second straight into the in-process stream (not through HTTP or the ingest path: this
 * measures evaluation), for a warm-up and then a timed period. Prints the evaluation throughput and
 * the latency from an observation entering the stream to its outcome reaching a listener.
 */
final class RulesBench {
  private static final int PARTITIONS = 4;

  private final int rules;
  private final int datastreams;
  private final int rate;
  private final int warmup;
  private final int seconds;

  RulesBench(int rules, int datastreams, int rate, int warmup, int seconds) {
    this.rules = rules;
    this.datastreams = datastreams;
    this.rate = rate;
    this.warmup = warmup;
    this.seconds = seconds;
  }

  void run(Path dir) throws InterruptedException {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "== rules: %,d rules over %,d Datastreams, %,d observations/s fed into the in-process"
            + " stream (%d partitions; embedded store for rules and checkpoints)%n",
        rules,
        datastreams,
        rate,
        PARTITIONS);
    try (SensingStore store =
        Storage.open(new StorageSettings(StorageKind.EMBEDDED, dir, null, null, null, 8))) {
      long setup = System.nanoTime();
      long[] ids = createDatastreams(store);
      RuleBook book = new RuleBook(Storage.rules(store), Clock.systemUTC());
      createRules(book, ids);
      InProcessObservationEvents events =
          new InProcessObservationEvents(
              Storage.rules(store), PARTITIONS, 100_000, Clock.systemUTC(), Duration.ofMillis(200));
      RuleEngine engine =
          new RuleEngine(
              book,
              Storage.rules(store),
              events,
              new TargetResolver(store, Storage.devices(store)),
              Clock.systemUTC(),
              RuleEngine.Settings.defaults("bench"));
      Latencies latencies = new Latencies();
      long[] outcomes = new long[1];
      boolean[] timing = new boolean[1];
      engine.listen(
          outcome -> {
            if (timing[0]) {
              long nanos = Duration.between(outcome.at(), Instant.now()).toNanos();
              latencies.add(nanos);
              synchronized (outcomes) {
                outcomes[0]++;
              }
            }
          });
      engine.start();
      System.out.printf(
          Locale.ROOT,
          "setup (Datastreams, rules, index) %.1f s%n",
          (System.nanoTime() - setup) / 1e9);
      Feeder feeder = new Feeder(events, ids);
      feeder.feed(warmup);
      long evaluatedBefore = engine.evaluated();
      long droppedBefore = events.dropped();
      timing[0] = true;
      long start = System.nanoTime();
      long fed = feeder.feed(seconds);
      // Let the partitions drain what was fed, bounded.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (engine.evaluated() - evaluatedBefore < fed - (events.dropped() - droppedBefore)
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      timing[0] = false;
      long evaluated = engine.evaluated() - evaluatedBefore;
      System.out.printf(
          Locale.ROOT,
          "fed %,d observations in %d s (%,.0f/s); evaluated %,d in %.1f s (%,.0f/s);"
              + " dropped by full queues %,d%n",
          fed,
          seconds,
          fed / (double) seconds,
          evaluated,
          elapsed,
          evaluated / elapsed,
          events.dropped() - droppedBefore);
      System.out.printf(
          Locale.ROOT,
          "outcomes %,d; observation -> outcome latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          outcomes[0],
          latencies.percentileMillis(50),
          latencies.percentileMillis(99),
          latencies.percentileMillis(100));
      engine.close();
      events.close();
    }
  }

  /** Feeds observations at the rate, round robin over the Datastreams, as random walks. */
  private final class Feeder {
    private final InProcessObservationEvents events;
    private final long[] ids;
    private final double[] values;
    private final SplittableRandom random = new SplittableRandom(42);
    private long next;
    private long observationId;

    Feeder(InProcessObservationEvents events, long[] ids) {
      this.events = events;
      this.ids = ids;
      this.values = new double[ids.length];
    }

    long feed(int forSeconds) throws InterruptedException {
      long start = System.nanoTime();
      long end = start + forSeconds * 1_000_000_000L;
      long fed = 0;
      while (System.nanoTime() < end) {
        long due = (System.nanoTime() - start) * rate / 1_000_000_000L;
        while (fed < due) {
          int i = (int) (next++ % ids.length);
          values[i] += random.nextDouble(-1, 1);
          events.offer(
              new ObservationEvent(
                  ++observationId, ids[i], Instant.now(), values[i], null, System.nanoTime()));
          fed++;
        }
        Thread.sleep(1);
      }
      return fed;
    }
  }

  private long[] createDatastreams(SensingStore store) {
    Navigation thingOf = EntityType.DATASTREAM.navigation("Thing").orElseThrow();
    Navigation sensorOf = EntityType.DATASTREAM.navigation("Sensor").orElseThrow();
    Navigation propertyOf = EntityType.DATASTREAM.navigation("ObservedProperty").orElseThrow();
    long[] ids = new long[datastreams];
    long[] parts =
        store.inTransaction(
            tx ->
                new long[] {
                  tx.create(
                      new EntityDraft(
                          EntityType.THING,
                          Map.of("name", "bench", "description", "bench"),
                          Map.of())),
                  tx.create(
                      new EntityDraft(
                          EntityType.SENSOR,
                          Map.of(
                              "name",
                              "bench",
                              "description",
                              "bench",
                              "encodingType",
                              "application/pdf",
                              "metadata",
                              new Json("\"https://example.org/s.pdf\"")),
                          Map.of())),
                  tx.create(
                      new EntityDraft(
                          EntityType.OBSERVED_PROPERTY,
                          Map.of(
                              "name",
                              "level",
                              "definition",
                              "https://example.org/level",
                              "description",
                              "level"),
                          Map.of()))
                });
    for (int from = 0; from < datastreams; from += 10_000) {
      int start = from;
      store.inTransaction(
          tx -> {
            for (int i = start; i < Math.min(datastreams, start + 10_000); i++) {
              ids[i] =
                  tx.create(
                      new EntityDraft(
                          EntityType.DATASTREAM,
                          Map.of(
                              "name",
                              "ds" + i,
                              "description",
                              "bench",
                              "unitOfMeasurement",
                              new Json("{\"name\":\"m\",\"symbol\":\"m\"}"),
                              "observationType",
                              "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"),
                          Map.of(
                              thingOf, List.of(parts[0]),
                              sensorOf, List.of(parts[1]),
                              propertyOf, List.of(parts[2]))));
            }
            return null;
          });
    }
    return ids;
  }

  /** A mix of kinds; rule r watches Datastreams 10r .. 10r+9 of the created ones by $filter. */
  private void createRules(RuleBook book, long[] ids) {
    int perRule = Math.max(1, datastreams / rules);
    for (int r = 0; r < rules; r++) {
      long first = ids[(r * perRule) % ids.length];
      long last = first + perRule;
      String condition =
          switch (r % 10) {
            case 0, 1, 2, 3 ->
                "{\"kind\":\"threshold\",\"op\":\">\",\"value\":2,\"hysteresis\":0.5}";
            case 4, 5 ->
                "{\"kind\":\"windowedAggregate\",\"function\":\"mean\",\"window\":\"PT15M\","
                    + "\"op\":\">\",\"value\":1.5}";
            case 6, 7 -> "{\"kind\":\"rateOfChange\",\"max\":0.9,\"per\":\"PT0.001S\"}";
            case 8 -> "{\"kind\":\"absence\",\"duration\":\"PT1H\"}";
            default ->
                "{\"kind\":\"windowedAggregate\",\"function\":\"max\",\"window\":\"PT5M\","
                    + "\"op\":\">\",\"value\":3}";
          };
      book.create(
          JsonCodec.readTree(
              "{\"name\":\"bench "
                  + r
                  + "\",\"author\":\"bench\",\"target\":{\"filter\":\"id ge "
                  + first
                  + " and id lt "
                  + last
                  + "\"},\"condition\":"
                  + condition
                  + "}"));
    }
  }
}
