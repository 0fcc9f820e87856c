package org.civitas.rules.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.civitas.rules.alarm.AlarmService;
import org.civitas.rules.alarm.store.AlarmSeverity;
import org.civitas.rules.evaluation.RuleAction;
import org.civitas.rules.evaluation.RuleOutcome;
import org.civitas.rules.evaluation.Severity;
import org.civitas.rules.evaluation.Transition;
import org.civitas.rules.notify.store.Delivery;
import org.civitas.rules.notify.store.DeliveryState;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.http.JsonCodec;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications end to end on the embedded engine with real receivers on 127.0.0.1: signed
 * webhooks, retries and dead letters, e-mail, quiet hours and escalation, on an injected clock
 * moved by the test ({@link Notifier#tick} is called directly, no scheduler thread).
 */
class NotifierTest {
  private static final String SECRET = "s3cret-of-sixteen-chars";
  // 23:30 in Berlin (UTC+1 in winter): inside quiet hours 22:00-07:00.
  private static final Instant NIGHT = Instant.parse("2026-01-15T22:30:00Z");
  private static final Instant DAY = Instant.parse("2026-01-15T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private SensingStore sensing;
  private AlarmService alarms;
  private Notifier notifier;
  private final MutableClock clock = new MutableClock(DAY);
  private final TestReceivers.Webhook webhook = new TestReceivers.Webhook();

  @BeforeEach
  void open() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    alarms = new AlarmService(Storage.alarms(sensing), clock, new SimpleMeterRegistry());
    notifier =
        new Notifier(
            Storage.notifications(sensing),
            alarms,
            Optional::empty,
            clock,
            new NotifySettings(
                3, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofSeconds(1)),
            new Random(7));
    alarms.listenWith(notifier);
  }

  @AfterEach
  void close() {
    notifier.close();
    webhook.close();
    sensing.close();
  }

  private void channel(String json) {
    NotificationChannel channel = ChannelJson.read((ObjectNode) JsonCodec.readTree(json));
    notifier
        .store()
        .saveChannel(
            channel.name(),
            new Json(
                new String(
                    JsonCodec.write(ChannelJson.write(channel, false)), StandardCharsets.UTF_8)));
  }

  private void webhookChannel(String name, String more) {
    channel(
        "{\"name\":\""
            + name
            + "\",\"type\":\"webhook\",\"url\":\""
            + webhook.url()
            + "\",\"secret\":\""
            + SECRET
            + "\""
            + more
            + "}");
  }

  private RuleOutcome raise(String rule, Severity severity, List<RuleAction> actions) {
    return new RuleOutcome(
        rule,
        1,
        "Datastreams(7)",
        Transition.RAISE,
        severity,
        clock.instant(),
        "fridge door open for 12 min",
        Map.of("value", 1),
        actions);
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void a_raised_alarm_reaches_the_webhook_with_a_valid_signature_delivery_id_and_timestamp()
      throws Exception {
    webhookChannel("ops", ",\"minSeverity\":\"MAJOR\"");
    alarms.on(raise("fridge-door", Severity.MAJOR, List.of()));
    alarms.on(raise("minor-thing", Severity.MINOR, List.of()));

    notifier.tick();

    assertThat(webhook.received).hasSize(1);
    TestReceivers.Request request = webhook.received.getFirst();
    assertThat(request.header("X-Civitas-Signature")).isEqualTo(hmac(request.body()));
    JsonNode body = JSON.readTree(request.body());
    assertThat(body.get("event").asText()).isEqualTo("raised");
    assertThat(body.get("alarm").get("ruleId").asText()).isEqualTo("fridge-door");
    assertThat(body.get("alarm").get("severity").asText()).isEqualTo("MAJOR");
    assertThat(body.get("deliveryId").asText()).isEqualTo(request.header("X-Civitas-Delivery"));
    assertThat(body.get("timestamp").asText()).isEqualTo(DAY.toString());
    assertThat(request.header("X-Civitas-Timestamp"))
        .isEqualTo(Long.toString(DAY.getEpochSecond()));
    // A tampered body no longer matches.
    byte[] tampered =
        new String(request.body(), StandardCharsets.UTF_8)
            .replace("MAJOR", "MINOR")
            .getBytes(StandardCharsets.UTF_8);
    assertThat(request.header("X-Civitas-Signature")).isNotEqualTo(hmac(tampered));
  }

  @Test
  void a_failing_receiver_is_retried_with_back_off_then_dead_lettered_and_a_retry_succeeds() {
    webhookChannel("ops", ",\"minSeverity\":\"INFO\"");
    webhook.status.set(500);
    alarms.on(raise("leak", Severity.CRITICAL, List.of()));

    notifier.tick();
    Delivery first = notifier.store().deliveries("ops", null, 0, 10).getFirst();
    assertThat(first.state()).isEqualTo(DeliveryState.PENDING);
    // Back-off with jitter: 10 s after the first failure, less up to half of it.
    assertThat(first.nextAt()).isBetween(DAY.plusSeconds(5), DAY.plusSeconds(10));
    notifier.tick();
    assertThat(webhook.received).hasSize(1);

    clock.set(first.nextAt());
    notifier.tick();
    Delivery second = notifier.store().findDelivery(first.id()).orElseThrow();
    assertThat(second.nextAt())
        .isBetween(first.nextAt().plusSeconds(10), first.nextAt().plusSeconds(20));
    clock.set(second.nextAt());
    notifier.tick();

    Delivery dead = notifier.store().findDelivery(first.id()).orElseThrow();
    assertThat(webhook.received).hasSize(3);
    assertThat(dead.state()).isEqualTo(DeliveryState.DEAD);
    assertThat(dead.attempts()).extracting(a -> a.outcome()).containsOnly("HTTP 500");
    assertThat(notifier.store().deliveries("ops", DeliveryState.DEAD, 0, 10)).hasSize(1);

    webhook.status.set(200);
    Delivery retried = notifier.retryNow("ops", first.id());
    assertThat(retried.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(retried.attempts()).hasSize(4);
    assertThat(webhook.received).hasSize(4);
  }

  @Test
  void the_smtp_receiver_gets_an_email_naming_the_alarm() throws Exception {
    try (TestReceivers.Smtp smtp = new TestReceivers.Smtp()) {
      channel(
          "{\"name\":\"mail\",\"type\":\"email\",\"smtpHost\":\"127.0.0.1\",\"smtpPort\":"
              + smtp.port()
              + ",\"from\":\"civitas@city.example\",\"to\":[\"ops@city.example\"]}");
      alarms.on(
          raise("fridge-door", Severity.MAJOR, List.of(new RuleAction.Notify(List.of("mail")))));

      notifier.tick();

      assertThat(smtp.recipients).containsExactly("ops@city.example");
      assertThat(smtp.messages)
          .singleElement()
          .satisfies(
              message -> {
                assertThat(message)
                    .contains("Subject: [MAJOR] alarm ")
                    .contains(" raised: fridge door open for 12 min");
                assertThat(message).contains("of rule fridge-door for Datastreams(7)");
              });
      assertThat(notifier.store().deliveries("mail", null, 0, 10).getFirst().state())
          .isEqualTo(DeliveryState.DELIVERED);
    }
  }

  @Test
  void quiet_hours_hold_a_minor_alarm_until_they_end_and_let_a_critical_one_through() {
    webhookChannel(
        "ops",
        ",\"minSeverity\":\"MINOR\",\"quietHours\":{\"from\":\"22:00\",\"to\":\"07:00\","
            + "\"zone\":\"Europe/Berlin\",\"exceptSeverity\":\"CRITICAL\"}");
    clock.set(NIGHT);
    alarms.on(raise("minor", Severity.MINOR, List.of()));
    alarms.on(raise("flood", Severity.CRITICAL, List.of()));

    notifier.tick();
    assertThat(webhook.received).hasSize(1);
    assertThat(webhook.received.getFirst().body())
        .asString(StandardCharsets.UTF_8)
        .contains("\"flood\"");

    clock.set(Instant.parse("2026-01-16T05:59:59Z"));
    notifier.tick();
    assertThat(webhook.received).hasSize(1);
    clock.set(Instant.parse("2026-01-16T06:00:00Z")); // 07:00 in Berlin
    notifier.tick();
    assertThat(webhook.received).hasSize(2);
    assertThat(webhook.received.get(1).body())
        .asString(StandardCharsets.UTF_8)
        .contains("\"minor\"");
  }

  @Test
  void an_alarm_unacknowledged_after_the_period_is_escalated_once_and_an_acknowledged_one_is_not()
      throws Exception {
    webhookChannel("oncall", "");
    channel(
        "{\"name\":\"ops-mqtt\",\"type\":\"mqtt\",\"topic\":\"civitas/alarms\",\"minSeverity\":\"MAJOR\","
            + "\"escalateTo\":\"oncall\",\"escalateAfter\":\"PT30M\"}");
    alarms.on(raise("leak", Severity.MAJOR, List.of()));
    long acknowledged =
        alarms.apply(raise("other", Severity.MAJOR, List.of())).alarm().orElseThrow().id();
    alarms.acknowledge(acknowledged, "dana");

    clock.advance(Duration.ofMinutes(29));
    notifier.tick();
    assertThat(webhook.received).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    notifier.tick();
    notifier.tick();

    assertThat(webhook.received)
        .singleElement()
        .satisfies(
            request -> {
              JsonNode body = JSON.readTree(request.body());
              assertThat(body.get("event").asText()).isEqualTo("escalated");
              assertThat(body.get("alarm").get("ruleId").asText()).isEqualTo("leak");
            });
    // The MQTT channel had no broker: its deliveries wait for one, logged.
    assertThat(notifier.store().deliveries("ops-mqtt", DeliveryState.PENDING, 0, 10))
        .allSatisfy(d -> assertThat(d.attempts().getFirst().outcome()).contains("no MQTT broker"));
  }

  @Test
  void severities_of_rules_and_alarms_have_the_same_names_in_the_same_order() {
    assertThat(List.of(Severity.values()).stream().map(Enum::name).toList())
        .isEqualTo(List.of(AlarmSeverity.values()).stream().map(Enum::name).toList());
  }
}
