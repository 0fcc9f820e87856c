package org.civitas.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.javalin.Javalin;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpRequestMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HttpClient client = HttpClient.newHttpClient();
  private Javalin app;

  @AfterEach
  void stopServer() {
    if (app != null) {
      app.stop();
    }
    client.close();
  }

  @Test
  void times_requests_by_route_template_not_by_concrete_path() throws Exception {
    startServerWithOneRoute();

    get("/things/7");
    get("/things/8");

    // Javalin calls request loggers after the response is written, so the client may be first.
    await()
        .untilAsserted(
            () -> {
              Timer timer =
                  registry
                      .find("http.server.requests")
                      .tags("route", "/things/{id}", "method", "GET", "status", "200")
                      .timer();
              assertThat(timer).isNotNull();
              assertThat(timer.count()).isEqualTo(2);
              assertThat(registry.find("http.server.requests").timers()).hasSize(1);
            });
  }

  @Test
  void puts_every_unmatched_path_into_one_series() throws Exception {
    startServerWithOneRoute();

    get("/no-such-thing");
    get("/another/unknown/path");

    await()
        .untilAsserted(
            () -> {
              Timer timer =
                  registry
                      .find("http.server.requests")
                      .tags("route", HttpRequestMetrics.UNMATCHED_ROUTE, "outcome", "CLIENT_ERROR")
                      .timer();
              assertThat(timer).isNotNull();
              assertThat(timer.count()).isEqualTo(2);
            });
  }

  @Test
  void classifies_status_codes_into_outcomes() {
    assertThat(HttpRequestMetrics.outcomeOf(201)).isEqualTo("SUCCESS");
    assertThat(HttpRequestMetrics.outcomeOf(304)).isEqualTo("REDIRECTION");
    assertThat(HttpRequestMetrics.outcomeOf(400)).isEqualTo("CLIENT_ERROR");
    assertThat(HttpRequestMetrics.outcomeOf(503)).isEqualTo("SERVER_ERROR");
  }

  private void startServerWithOneRoute() {
    HttpRequestMetrics metrics = new HttpRequestMetrics(registry);
    app =
        Javalin.create(
                config -> {
                  config.routes.get("/things/{id}", ctx -> ctx.result(ctx.pathParam("id")));
                  config.requestLogger.http(metrics::record);
                })
            .start("127.0.0.1", 0);
  }

  private void get(String path) throws Exception {
    client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
