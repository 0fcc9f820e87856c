package org.civitas.app;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.civitas.error.InvalidInputException;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.client.PlatformException;
import org.civitas.simulator.client.PlatformHealth;
import org.civitas.simulator.client.ProvisionedCity;
import org.civitas.simulator.client.Provisioner;
import org.civitas.simulator.client.RunStats;
import org.civitas.simulator.client.SimulationRunner;
import org.civitas.simulator.client.Target;
import org.civitas.simulator.clock.SimulationClock;
import org.civitas.simulator.device.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provisions the simulated city on a target and runs it, for {@code civitas demo} and {@code
 * civitas simulate}: the glue between the command-line options and the simulator's client.
 *
 * <p>A run is one of: a replay of a period ({@code --replay}), then stop; or a paced city, which
 * with a backfill starts that long before now: the past is replayed first as fast as the platform
 * takes it (the planted faults are timed from that start, so they have happened by the present),
 * the platform is asked to assess every device's health, and the city goes on from the present at
 * its speed. At speed 1 it is then in step with the platform's clock.
 */
final class CityDriver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CityDriver.class);

  /** How long a paced run lasts when nothing stops it: as good as forever. */
  private static final Duration FOREVER = Duration.ofDays(3650);

  private static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

  private final Simulation simulation;
  private final Target target;

  /** The simulation's start, which the planted faults are timed from. */
  private final Instant from;

  /** The end of a {@code --replay}; null for a paced run. */
  private final Instant replayUntil;

  /** The part of a paced run replayed at once: from {@link #from} until {@link #liveFrom}. */
  private final Duration backfill;

  private final Instant liveFrom;
  private final int speed;
  private final Duration realLimit;
  private final HttpClient client;
  private final SimulationRunner runner;
  private final ProvisionedCity city;
  private final CountDownLatch finished = new CountDownLatch(1);

  private CityDriver(
      SimulatorOptions options, Target target, Duration defaultBackfill, int defaultSpeed) {
    this.target = target;
    speed = options.speed(defaultSpeed);
    if (options.replay != null) {
      if (options.backfillGiven()) {
        throw new InvalidInputException(
            "--backfill and --replay exclude each other: a replay is all backfill", "backfill");
      }
      String[] period = options.replay.split("/", -1);
      if (period.length != 2) {
        throw new InvalidInputException(
            "--replay is FROM/TO, two ISO instants, was " + options.replay, "replay");
      }
      from = instant(period[0]);
      replayUntil = instant(period[1]);
      if (!replayUntil.isAfter(from)) {
        throw new InvalidInputException("--replay must end after it starts", "replay");
      }
      backfill = Duration.ZERO;
      liveFrom = replayUntil;
    } else {
      // Validated before anything is provisioned.
      SimulationClock.paced(Instant.EPOCH, speed, Clock.systemUTC());
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      if (options.start != null) {
        if (options.backfillGiven()) {
          throw new InvalidInputException(
              "--backfill and --start exclude each other: the backfill starts that long before"
                  + " now",
              "backfill");
        }
        from = options.start;
        backfill = Duration.ZERO;
      } else {
        backfill = options.backfill(defaultBackfill);
        from = now.minus(backfill);
      }
      replayUntil = null;
      liveFrom = from.plus(backfill);
    }
    realLimit = options.realLimit();
    SimulatorConfig config =
        SimulatorConfig.defaults().withSeed(options.seed).withScale(options.scale).withStart(from);
    simulation = Simulation.create(config);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try {
      city = new Provisioner(simulation, target, client).provision();
      runner = new SimulationRunner(simulation, target, city, client, options.maxInFlight);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Provisions the city on the target; blocks until it stands.
   *
   * @param defaultBackfill the command's backfill when {@code --backfill} is not given
   * @param defaultSpeed the command's speed when {@code --speed} is not given
   */
  static CityDriver provision(
      SimulatorOptions options, Target target, Duration defaultBackfill, int defaultSpeed) {
    return new CityDriver(options, target, defaultBackfill, defaultSpeed);
  }

  ProvisionedCity city() {
    return city;
  }

  Simulation simulation() {
    return simulation;
  }

  /** Prints what stands on the platform now. */
  void printCounts(PrintWriter out) {
    long[] byProtocol = new long[Protocol.values().length];
    simulation.devices().forEach(d -> byProtocol[d.protocol().ordinal()]++);
    out.printf(
        "%s: %d districts, %d devices (%d MQTT, %d HTTP, %d LoRaWAN; %d new, %d reused)%n",
        simulation.city().name(),
        city.districts(),
        city.devices(),
        byProtocol[Protocol.MQTT.ordinal()],
        byProtocol[Protocol.HTTP.ordinal()],
        byProtocol[Protocol.LORAWAN.ordinal()],
        city.created(),
        city.reused());
    out.flush();
  }

  /**
   * Runs until the end of the replay, the real-time limit, or {@link #stop()}: the backfill first
   * (a line on {@code out} when it starts and one when it ends), then the paced city.
   *
   * @param afterBackfill run once the backfill is done and the health assessed (not after a stop)
   */
  RunStats run(PrintWriter out, Runnable afterBackfill) {
    long deadline = realLimit == null ? Long.MAX_VALUE : System.nanoTime() + realLimit.toNanos();
    try {
      if (replayUntil != null) {
        return runner.run(SimulationClock.replay(from), replayUntil, realLimit, SUMMARY_EVERY);
      }
      if (!backfill.isZero()) {
        backfill(out, deadline);
        if (runner.stopped() || System.nanoTime() >= deadline) {
          return runner.stats();
        }
        afterBackfill.run();
      }
      // At speed 1 the simulated time is the real time: what fell due during the backfill is sent
      // at once, then the city runs in step. Faster, it starts where the backfill ended.
      Instant realStart = speed == 1 ? liveFrom : Instant.now();
      SimulationClock clock = SimulationClock.paced(liveFrom, speed, Clock.systemUTC(), realStart);
      return runner.run(clock, liveFrom.plus(FOREVER), left(deadline), SUMMARY_EVERY);
    } finally {
      finished.countDown();
    }
  }

  private void backfill(PrintWriter out, long deadline) {
    out.printf(
        Locale.ROOT,
        "Backfill: replaying %s of %s (%s to %s) as fast as the platform takes it...%n",
        human(backfill),
        simulation.city().name(),
        from,
        liveFrom);
    out.flush();
    long started = System.nanoTime();
    long sentBefore = runner.stats().sent();
    long failedBefore = runner.stats().failed();
    runner.run(SimulationClock.replay(from), liveFrom, left(deadline), SUMMARY_EVERY);
    double seconds = (System.nanoTime() - started) / 1e9;
    long sent = runner.stats().sent() - sentBefore;
    long failed = runner.stats().failed() - failedBefore;
    String health = "";
    if (!runner.stopped()) {
      try {
        Map<String, Integer> counts = new PlatformHealth(client, target).assessNow();
        health = "; device health assessed: " + counts;
      } catch (PlatformException e) {
        LOG.warn("the health assessment after the backfill failed: {}", e.getMessage());
        health = "; the health assessment failed: " + e.getMessage();
      }
    }
    out.printf(
        Locale.ROOT,
        "Backfill %s: %d readings (%d failed) in %.1f s, %.0f readings/s%s%n",
        runner.stopped() ? "stopped" : "done",
        sent,
        failed,
        seconds,
        seconds > 0 ? sent / seconds : 0,
        health);
    out.flush();
  }

  /** What is left of the real-time limit; null when there is none. */
  private static Duration left(long deadline) {
    if (deadline == Long.MAX_VALUE) {
      return null;
    }
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /** Asks the run to end and waits (up to 40 s) until what was in flight is acknowledged. */
  void stop() throws InterruptedException {
    runner.stop();
    finished.await(40, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    runner.close();
    client.close();
  }

  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + " d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + " h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + " min";
    }
    return seconds + " s";
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw new InvalidInputException(
          "--replay takes ISO instants such as 2026-03-02T06:00:00Z, found " + text, "replay");
    }
  }
}
