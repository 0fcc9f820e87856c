package org.civitas.server.ops;

import io.javalin.config.JavalinConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.civitas.sensing.store.SensingStore;

/**
 * The operator endpoints every Civitas server exposes from day one: {@code GET /health} (liveness
 * and readiness with the storage state), {@code GET /health/live} (liveness only) and {@code GET
 * /metrics} (Prometheus text format), plus the meters behind them.
 *
 * <p>The server calls {@link #register} once while it builds its Javalin configuration. It also
 * makes the server's stop graceful ({@link GracefulStop}): answering what is in flight before
 * stopping is part of operating it safely.
 */
public final class OpsRoutes {

  /** Prometheus text exposition format 0.0.4, which every Prometheus version scrapes. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private OpsRoutes() {}

  /**
   * Adds the health and metrics routes to {@code config}, times every HTTP request into {@code
   * registry} and binds the JVM and ingest meters to it. JVM meters that hold listeners are
   * released when the server stops. {@code components} are asked on each {@code /health} request
   * (the map may change while the server runs).
   */
  public static void register(
      JavalinConfig config,
      SensingStore store,
      PrometheusMeterRegistry registry,
      Map<String, Supplier<ComponentHealth>> components) {
    config.routes.get(
        "/health",
        ctx -> {
          Map<String, ComponentHealth> states = new TreeMap<>();
          components.forEach((name, state) -> states.put(name, state.get()));
          HealthReport.of(store.status(), states).writeTo(ctx);
        });
    // Liveness must not depend on storage: an orchestrator that restarts a node because its
    // database is away only adds a restart storm to the outage.
    config.routes.get("/health/live", ctx -> HealthReport.alive().writeTo(ctx));
    config.routes.get(
        "/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));

    config.requestLogger.http(new HttpRequestMetrics(registry)::record);
    JvmMetrics jvm = JvmMetrics.bindTo(registry);
    config.events.serverStopped(jvm::close);
    IngestMetrics.bindTo(registry, store.ingest());
    GracefulStop.configure(config);
  }
}
