package org.civitas.server;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.access.SensingGuard;
import org.civitas.server.http.ProblemResponses;
import org.civitas.server.ops.ComponentHealth;
import org.civitas.server.ops.OpsRoutes;
import org.civitas.server.sensing.SensingApi;
import org.civitas.server.sensing.SensingRoutes;
import org.civitas.server.tasking.TaskDelivery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of Civitas: the SensorThings API at {@code /v1.1}, the Civitas time-series
 * extension at {@code /api/v1}, and the operator endpoints ({@code /health}, {@code /metrics}).
 * Every error is answered as an RFC 9457 problem document.
 *
 * <p>Not thread-safe to start and stop concurrently; serves requests from many threads.
 */
public final class CivitasServer {

  private static final Logger LOG = LoggerFactory.getLogger(CivitasServer.class);

  /** The largest request body accepted. */
  static final long MAX_REQUEST_BYTES = 16L * 1024 * 1024;

  private final ServerSettings settings;
  private final SensingStore store;
  private final PrometheusMeterRegistry registry;
  private final SensingApi sensing;
  private final Clock clock;
  private final Map<String, Supplier<ComponentHealth>> health = new ConcurrentHashMap<>();
  private TaskDelivery.Retries taskRetries = TaskDelivery.Retries.DEFAULT;
  private final List<RouteRegistration> extraRoutes = new ArrayList<>();
  private Javalin javalin;
  private ExecutorService responses;
  private TaskDelivery tasks;

  public CivitasServer(
      ServerSettings settings, SensingStore store, PrometheusMeterRegistry registry) {
    this(settings, store, registry, Clock.systemUTC());
  }

  /** As the public constructor, with the clock for server-assigned times (tests fix it). */
  public CivitasServer(
      ServerSettings settings, SensingStore store, PrometheusMeterRegistry registry, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.store = Objects.requireNonNull(store, "store");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sensing = SensingApi.create(store, clock);
    // Until start() knows the bound port, links name the configured one.
    sensing.linkFrom(
        settings.publicUrl() != null ? settings.publicUrl() : localUrl(settings.port()));
  }

  /**
   * The SensorThings service this server answers with, for other transports (the MQTT extension) to
   * share its rules, JSON and events. Links in its messages are right once {@link #start()} has
   * bound the port.
   */
  public SensingApi sensing() {
    return sensing;
  }

  /**
   * Adds a part of the node to {@code GET /health} under {@code components.<name>} (asked on each
   * request; it informs and does not decide readiness), or replaces the one of that name. May be
   * called before or after {@link #start()}.
   */
  public void reportHealth(String name, Supplier<ComponentHealth> state) {
    health.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(state, "state"));
  }

  /**
   * Sets how often and how patiently Tasks are delivered to devices (default {@link
   * TaskDelivery.Retries#DEFAULT}); takes effect at the next {@link #start()}.
   */
  public synchronized CivitasServer withTaskRetries(TaskDelivery.Retries retries) {
    this.taskRetries = Objects.requireNonNull(retries, "retries");
    return this;
  }

  /**
   * Adds the routes of another module; they are registered after the server's own at the next
   * {@link #start()}, with the same error handling. Their paths must not overlap the server's.
   */
  public synchronized CivitasServer withRoutes(RouteRegistration routes) {
    extraRoutes.add(Objects.requireNonNull(routes, "routes"));
    return this;
  }

  /**
   * Installs governance's guard over the sensing API: what each request may read of the
   * SensorThings and time-series routes, and whether an Observation may be collected on any ingest
   * path (also those of other transports, which share {@link #sensing()}). Takes effect at once;
   * without it everything is served and collected.
   */
  public CivitasServer withGuard(SensingGuard guard) {
    sensing.guardWith(Objects.requireNonNull(guard, "guard"));
    return this;
  }

  /**
   * Binds and starts serving.
   *
   * @return the port actually bound (a free one when the settings ask for port 0)
   */
  public synchronized int start() {
    if (javalin != null) {
      throw new IllegalStateException("the server is already started");
    }
    // Cheap threads for answering requests that waited on the ingest path (see SensingRoutes).
    responses = Executors.newVirtualThreadPerTaskExecutor();
    javalin =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.jetty.host = settings.host();
              config.jetty.port = settings.port();
              config.http.prefer405over404 = true;
              // A batch of 100,000 observations is about 7 MB of JSON.
              config.http.maxRequestSize = MAX_REQUEST_BYTES;
              ProblemResponses.register(config.routes);
              SensingRoutes.register(config.routes, store, settings, sensing, responses);
              OpsRoutes.register(config, store, registry, health);
              extraRoutes.forEach(extra -> extra.register(config.routes));
            });
    javalin.start();
    int port = javalin.port();
    sensing.linkFrom(settings.publicUrl() != null ? settings.publicUrl() : localUrl(port));
    // Once links name the bound port: Tasks carry their links to the devices.
    tasks = TaskDelivery.start(store, sensing, taskRetries, clock, registry);
    LOG.info("Civitas HTTP API listening on {}:{}", settings.host(), port);
    return port;
  }

  /** The URL of this server for links when no public URL is configured. */
  private String localUrl(int port) {
    String host = settings.host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    } else if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port;
  }

  /** Stops serving; requests in flight are finished first. Does not close the store. */
  public synchronized void stop() {
    if (javalin != null) {
      tasks.close();
      tasks = null;
      javalin.stop();
      javalin = null;
      responses.close();
      responses = null;
      LOG.info("Civitas HTTP API stopped");
    }
  }
}
