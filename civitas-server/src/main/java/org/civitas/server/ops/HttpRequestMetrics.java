package org.civitas.server.ops;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Times every HTTP request as {@code http_server_requests_seconds}, tagged by method, route
 * template, status and outcome. The route template (not the concrete path) keeps the number of
 * series bounded: {@code /v1.1/Things(7)} and {@code /v1.1/Things(8)} share one.
 */
final class HttpRequestMetrics {

  /** Route tag for requests no route matched, so scanners cannot create series at will. */
  static final String UNMATCHED_ROUTE = "NOT_FOUND";

  private final Meter.MeterProvider<Timer> timers;

  HttpRequestMetrics(MeterRegistry registry) {
    this.timers =
        Timer.builder("http.server.requests")
            .description("HTTP requests served, by route template and status")
            .withRegistry(registry);
  }

  /** Javalin calls this after each request with the time it took to handle it. */
  void record(Context ctx, Float executionTimeMs) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    int status = ctx.statusCode();
    timers
        .withTags(
            Tags.of(
                "method", ctx.method().name(),
                "route", routeOf(endpoint),
                "status", Integer.toString(status),
                "outcome", outcomeOf(status)))
        .record((long) (executionTimeMs * 1_000_000L), TimeUnit.NANOSECONDS);
  }

  static String routeOf(Endpoint endpoint) {
    return endpoint == null ? UNMATCHED_ROUTE : endpoint.path;
  }

  static String outcomeOf(int status) {
    if (status < 200) {
      return "INFORMATIONAL";
    } else if (status < 300) {
      return "SUCCESS";
    } else if (status < 400) {
      return "REDIRECTION";
    } else if (status < 500) {
      return "CLIENT_ERROR";
    }
    return "SERVER_ERROR";
  }
}
