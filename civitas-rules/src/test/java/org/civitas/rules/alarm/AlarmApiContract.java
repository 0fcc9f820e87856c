package org.civitas.rules.alarm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.civitas.rules.evaluation.RuleOutcome;
import org.civitas.rules.evaluation.Severity;
import org.civitas.rules.evaluation.Transition;
import org.civitas.rules.notify.NotificationRoutes;
import org.civitas.rules.notify.Notifier;
import org.civitas.rules.notify.NotifySettings;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The alarms and notification-channel APIs on a real server on 127.0.0.1; one subclass per storage
 * engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AlarmApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private SensingStore store;
  private CivitasServer server;
  private AlarmService alarms;
  private PrometheusMeterRegistry registry;
  private String base;

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void start() {
    store = openStore();
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server =
        new CivitasServer(new ServerSettings("127.0.0.1", 0, null, 100, 1000), store, registry);
    alarms = new AlarmService(Storage.alarms(store), Clock.systemUTC(), registry);
    Notifier notifier =
        new Notifier(
            Storage.notifications(store),
            alarms,
            Optional::empty,
            Clock.systemUTC(),
            NotifySettings.DEFAULT,
            new Random());
    server.withRoutes(routes -> AlarmRoutes.register(routes, alarms));
    server.withRoutes(routes -> NotificationRoutes.register(routes, notifier));
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterAll
  void stop() {
    server.stop();
    store.close();
    cleanUp();
  }

  record Answer(int status, String contentType, JsonNode json) {}

  private Answer send(String method, String path, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body().isEmpty() ? null : JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private long raise(String rule, Severity severity) {
    return alarms
        .apply(
            new RuleOutcome(
                rule,
                2,
                "district:Harbour",
                Transition.RAISE,
                severity,
                Instant.now(),
                "flood rise 12 cm/h",
                Map.of("rate", 12.0),
                List.of()))
        .alarm()
        .orElseThrow()
        .id();
  }

  @Test
  void an_alarm_is_acknowledged_assigned_commented_and_cleared_and_illegal_moves_are_409() {
    long id = raise("flood-rise-" + System.nanoTime(), Severity.CRITICAL);
    String path = "/api/v1/alarms/" + id;

    assertThat(send("GET", path, null).json().get("state").asText()).isEqualTo("raised");
    Answer assigned = send("PUT", path + "/assignee", "{\"assignee\":\"dana\"}");
    Answer commented =
        send("POST", path + "/comments", "{\"author\":\"dana\",\"text\":\"pumps on\"}");
    Answer acknowledged = send("POST", path + "/acknowledge", "{\"actor\":\"dana\"}");
    Answer again = send("POST", path + "/acknowledge", "{\"actor\":\"eli\"}");
    Answer noActor = send("POST", path + "/clear", "{}");
    Answer cleared = send("POST", path + "/clear", "{\"actor\":\"eli\"}");
    Answer clearedAgain = send("POST", path + "/clear", "{\"actor\":\"eli\"}");

    assertThat(assigned.json().get("assignee").asText()).isEqualTo("dana");
    assertThat(commented.status()).isEqualTo(201);
    assertThat(commented.json().get("comments").get(0).get("text").asText()).isEqualTo("pumps on");
    assertThat(acknowledged.json().get("acknowledgedBy").asText()).isEqualTo("dana");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.contentType()).startsWith("application/problem+json");
    assertThat(again.json().toString()).contains("state");
    assertThat(noActor.status()).isEqualTo(400);
    assertThat(noActor.json().toString()).contains("actor");
    assertThat(cleared.json().get("state").asText()).isEqualTo("cleared");
    assertThat(clearedAgain.status()).isEqualTo(409);
    assertThat(send("GET", "/api/v1/alarms/999999999", null).status()).isEqualTo(404);
  }

  @Test
  void alarms_are_listed_newest_first_filtered_and_paged_and_counted_in_metrics() {
    String rule = "fridge-" + System.nanoTime();
    long older = raise(rule, Severity.MINOR);
    alarms.clear(older, "dana");
    long newer = raise(rule, Severity.MAJOR);

    Answer all = send("GET", "/api/v1/alarms?ruleId=" + rule, null);
    Answer open = send("GET", "/api/v1/alarms?ruleId=" + rule + "&state=raised", null);
    Answer page = send("GET", "/api/v1/alarms?ruleId=" + rule + "&top=1", null);
    Answer bad = send("GET", "/api/v1/alarms?severity=loud", null);

    assertThat(all.json().get("value").findValues("id"))
        .extracting(JsonNode::asLong)
        .containsExactly(newer, older);
    assertThat(open.json().get("value").findValues("id"))
        .extracting(JsonNode::asLong)
        .containsExactly(newer);
    assertThat(page.json().get("nextLink").asText()).contains("skip=1");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(registry.scrape())
        .contains("civitas_alarms_open{severity=\"MAJOR\"}")
        .contains("civitas_alarms_raised_total");
  }

  @Test
  void channels_are_created_read_back_with_the_secret_masked_and_bad_ones_refused() {
    String name = "ops-" + System.nanoTime();
    Answer created =
        send(
            "POST",
            "/api/v1/notification-channels",
            "{\"name\":\""
                + name
                + "\",\"type\":\"webhook\",\"url\":\"http://127.0.0.1:9/hook\","
                + "\"secret\":\"0123456789abcdef\",\"minSeverity\":\"MAJOR\",\"quietHours\":"
                + "{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"Europe/Berlin\",\"exceptSeverity\":\"CRITICAL\"}}");
    Answer duplicate =
        send(
            "POST",
            "/api/v1/notification-channels",
            "{\"name\":\"" + name + "\",\"type\":\"mqtt\",\"topic\":\"a\"}");
    Answer badZone =
        send(
            "POST",
            "/api/v1/notification-channels",
            "{\"name\":\"x\",\"type\":\"mqtt\",\"topic\":\"a\",\"quietHours\":{\"from\":\"22:00\",\"to\":\"07:00\",\"zone\":\"Mars/Base\"}}");
    Answer read = send("GET", "/api/v1/notification-channels/" + name, null);
    Answer log =
        send("GET", "/api/v1/notification-channels/" + name + "/deliveries?state=dead", null);
    Answer deleted = send("DELETE", "/api/v1/notification-channels/" + name, null);

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("secret").asText()).isEqualTo("********");
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(badZone.status()).isEqualTo(400);
    assertThat(badZone.json().toString()).contains("quietHours.zone");
    assertThat(read.json().get("secret").asText()).isEqualTo("********");
    assertThat(read.json().get("quietHours").get("zone").asText()).isEqualTo("Europe/Berlin");
    assertThat(log.json().get("value")).isEmpty();
    assertThat(deleted.status()).isEqualTo(204);
  }
}
