package org.civitas.app;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import org.civitas.error.InvalidInputException;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.client.ProvisionedCity;
import org.civitas.simulator.client.Provisioner;
import org.civitas.simulator.client.RunStats;
import org.civitas.simulator.client.SimulationRunner;
import org.civitas.simulator.client.Target;
import org.civitas.simulator.clock.SimulationClock;
import org.civitas.simulator.device.Protocol;

/**
 * Provisions the simulated city on a target and runs it, for {@code civitas demo} and {@code
 * civitas simulate}: the glue between the command-line options and the simulator's client.
 */
final class CityDriver implements AutoCloseable {
  /** How long a paced run lasts when nothing stops it: as good as forever. */
  private static final Duration FOREVER = Duration.ofDays(3650);

  private static final Duration SUMMARY_EVERY = Duration.ofMinutes(1);

  private final Simulation simulation;
  private final SimulationClock clock;
  private final Instant until;
  private final Duration realLimit;
  private final HttpClient client;
  private final SimulationRunner runner;
  private final ProvisionedCity city;
  private final CountDownLatch finished = new CountDownLatch(1);

  private CityDriver(SimulatorOptions options, Target target) {
    Instant from;
    if (options.replay != null) {
      String[] period = options.replay.split("/", -1);
      if (period.length != 2) {
        throw new InvalidInputException(
            "--replay is FROM/TO, two ISO instants, was " + options.replay, "replay");
      }
      from = instant(period[0]);
      until = instant(period[1]);
      if (!until.isAfter(from)) {
        throw new InvalidInputException("--replay must end after it starts", "replay");
      }
      clock = SimulationClock.replay(from);
    } else {
      from = options.start != null ? options.start : Instant.now().truncatedTo(ChronoUnit.SECONDS);
      clock = SimulationClock.paced(from, options.speed, Clock.systemUTC());
      until = from.plus(FOREVER);
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

  /** Provisions the city on the target; blocks until it stands. */
  static CityDriver provision(SimulatorOptions options, Target target) {
    return new CityDriver(options, target);
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

  /** Runs until the end of the replay, the real-time limit, or {@link #stop()}. */
  RunStats run() {
    try {
      return runner.run(clock, until, realLimit, SUMMARY_EVERY);
    } finally {
      finished.countDown();
    }
  }

  /** Asks the run to end and waits (up to 40 s) until what was in flight is acknowledged. */
  void stop() throws InterruptedException {
    runner.stop();
    finished.await(40, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    runner.close();
    client.close();
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
