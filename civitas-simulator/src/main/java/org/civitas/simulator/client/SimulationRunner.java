package org.civitas.simulator.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.clock.ReadingScheduler;
import org.civitas.simulator.clock.SimulationClock;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Protocol;
import org.civitas.simulator.device.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the provisioned city against the platform: takes the scheduler's readings in time order,
 * waits until each is due by the simulation clock (paced, or at once in a replay) and hands it to
 * the sender of its device's protocol.
 *
 * <p>Memory is bounded by construction, whatever the run's length or the platform's speed: the
 * scheduler holds one entry per device; readings are made one at a time as they fall due, never
 * queued ahead; and at most {@code maxInFlight} sends are unacknowledged at once (a semaphore), so
 * when the platform is slow the runner waits (simulated time then falls behind) instead of
 * buffering. Besides that, the senders hold one MQTT connection and one frame counter per device.
 *
 * <p>Logs a one-line summary every {@code summaryEvery} (readings sent per protocol, failures, the
 * simulated time, heap used). Runs follow one another on the same connections (a backfill, then the
 * paced city from where it ended); {@link #stop()} from any thread ends the current run and every
 * later one.
 */
public final class SimulationRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SimulationRunner.class);

  /**
   * Unacknowledged sends at most, by default: enough for a replay to fill the platform's group
   * commits (more readings per commit), small enough to hold no more than a few hundred small
   * requests. A paced run at a real-time speed has only a handful in flight anyway.
   */
  public static final int DEFAULT_MAX_IN_FLIGHT = 256;

  private final Simulation simulation;
  private final ProvisionedCity city;
  private final Map<Protocol, Sender> senders = new EnumMap<>(Protocol.class);
  private final MqttSender mqtt;
  private final Map<String, Device> devices;
  private final int maxInFlight;
  private final Semaphore inFlight;
  private final RunStats stats = new RunStats();
  private volatile boolean stopped;
  private volatile Instant simulatedNow;

  public SimulationRunner(
      Simulation simulation,
      Target target,
      ProvisionedCity city,
      HttpClient client,
      int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
    }
    this.simulation = simulation;
    this.city = city;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.mqtt = new MqttSender(target.mqtt());
    senders.put(Protocol.MQTT, mqtt);
    senders.put(Protocol.HTTP, new HttpSender(client, target.http()));
    senders.put(Protocol.LORAWAN, new LorawanSender(client, target.http(), target.lorawanSecret()));
    this.devices =
        simulation.devices().stream()
            .collect(Collectors.toUnmodifiableMap(Device::id, Function.identity()));
  }

  public RunStats stats() {
    return stats;
  }

  /** The simulated instant of the latest reading handed to a sender; null before the first. */
  public Instant simulatedNow() {
    return simulatedNow;
  }

  /**
   * Sends every reading from the clock's start until {@code until} (exclusive), or until {@code
   * realLimit} has passed, or until {@link #stop()}; then waits (up to 30 s) for what is in flight.
   * Blocks the calling thread.
   *
   * @param realLimit how long to run in real time at most; null for no limit
   * @param summaryEvery how often to log the summary line; null for never
   * @return the statistics of the run
   */
  public RunStats run(
      SimulationClock clock, Instant until, Duration realLimit, Duration summaryEvery) {
    long deadline = realLimit == null ? Long.MAX_VALUE : System.nanoTime() + realLimit.toNanos();
    ScheduledExecutorService summaries = null;
    if (summaryEvery != null) {
      summaries =
          Executors.newSingleThreadScheduledExecutor(
              runnable ->
                  Thread.ofPlatform().daemon().name("simulator-summary").unstarted(runnable));
      summaries.scheduleAtFixedRate(
          this::logSummary,
          summaryEvery.toMillis(),
          summaryEvery.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    LOG.info(
        "{} running from {} until {} ({}), at most {} readings in flight",
        simulation.city().name(),
        clock.start(),
        until,
        clock instanceof SimulationClock.Paced paced ? "speed " + paced.speed() : "replay",
        maxInFlight);
    ReadingScheduler scheduler = simulation.schedule(clock.start(), until);
    try {
      while (!stopped && System.nanoTime() < deadline) {
        Optional<Instant> due = scheduler.nextTime();
        if (due.isEmpty()) {
          break;
        }
        if (!waitUntilDue(clock, due.get(), deadline)) {
          break;
        }
        if (!scheduler.hasNext()) {
          break;
        }
        Reading reading = scheduler.next();
        if (!acquire(deadline)) {
          break;
        }
        simulatedNow = reading.time();
        send(reading);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      drain();
      if (summaries != null) {
        summaries.shutdownNow();
      }
      logSummary();
    }
    return stats;
  }

  /** Ends the run soon: no reading is sent after this, those in flight are still awaited. */
  public void stop() {
    stopped = true;
  }

  /** Whether {@link #stop()} was called. */
  public boolean stopped() {
    return stopped;
  }

  private void send(Reading reading) {
    Device device = devices.get(reading.deviceId());
    Protocol protocol = device.protocol();
    Optional<Credentials> credentials = city.credentials(device.id());
    CompletableFuture<Void> sending =
        credentials.isEmpty()
            ? CompletableFuture.failedFuture(
                new PlatformException(device.id() + " was not provisioned"))
            : senders.get(protocol).send(device, credentials.get(), reading);
    sending.whenComplete(
        (ok, error) -> {
          inFlight.release();
          if (error == null) {
            stats.succeeded(protocol);
          } else {
            Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
            String reason = device.id() + ": " + cause.getMessage();
            if (stats.failed(protocol, reason)) {
              LOG.warn("first {} failure: {}", protocol, reason);
            }
          }
        });
  }

  /** Sleeps until the reading is due; false when the run is to end first. */
  private boolean waitUntilDue(SimulationClock clock, Instant due, long deadline)
      throws InterruptedException {
    while (!stopped) {
      Duration delay = clock.realDelayUntil(due);
      if (delay.isZero()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      // Pacing, not waiting for a condition: short naps keep stop() and the deadline prompt.
      TimeUnit.NANOSECONDS.sleep(Math.min(Math.min(delay.toNanos(), left), 200_000_000L));
    }
    return false;
  }

  private boolean acquire(long deadline) throws InterruptedException {
    while (!stopped && System.nanoTime() < deadline) {
      if (inFlight.tryAcquire(200, TimeUnit.MILLISECONDS)) {
        return true;
      }
    }
    return false;
  }

  private void drain() {
    try {
      if (!inFlight.tryAcquire(maxInFlight, 30, TimeUnit.SECONDS)) {
        LOG.warn(
            "{} readings still unacknowledged after 30 s",
            maxInFlight - inFlight.availablePermits());
      } else {
        inFlight.release(maxInFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void logSummary() {
    Runtime runtime = Runtime.getRuntime();
    long heapMb = (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
    LOG.info(
        "{} at {}: {}; in flight {}, MQTT devices connected {}, heap used {} MB",
        simulation.city().name(),
        simulatedNow,
        stats,
        maxInFlight - inFlight.availablePermits(),
        mqtt.connected(),
        heapMb);
  }

  @Override
  public void close() {
    stop();
    senders.values().forEach(Sender::close);
  }
}
