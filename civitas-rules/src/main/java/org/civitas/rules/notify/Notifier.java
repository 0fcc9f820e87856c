package org.civitas.rules.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.civitas.rules.alarm.AlarmEvent;
import org.civitas.rules.alarm.AlarmJson;
import org.civitas.rules.alarm.AlarmListener;
import org.civitas.rules.alarm.AlarmService;
import org.civitas.rules.alarm.store.Alarm;
import org.civitas.rules.notify.store.Delivery;
import org.civitas.rules.notify.store.DeliveryAttempt;
import org.civitas.rules.notify.store.NotificationStore;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.tasking.DevicePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From alarm events to people. Each event is queued durably, once per channel it goes to: every
 * channel whose {@code minSeverity} the alarm reaches, plus the channels its rule named (a Notify
 * action); an escalation goes to the escalating channel's {@code escalateTo}. In a channel's quiet
 * hours a notification below its {@code exceptSeverity} is held: queued due at the end of the quiet
 * hours, then sent (each held one on its own, none summarised or dropped).
 *
 * <p>{@link #tick()} (every {@link NotifySettings#tick} once {@link #start}ed, or called by tests
 * with an injected clock) escalates alarms still unacknowledged after a channel's {@code
 * escalateAfter}, then sends what is due: a failure is retried after an exponential back-off with
 * jitter, and dead-lettered after the channel's {@code maxAttempts}. Sending happens on the one
 * notifier thread, never on the caller's.
 */
public final class Notifier implements AlarmListener, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final int BATCH = 100;

  private final NotificationStore store;
  private final AlarmService alarms;
  private final Supplier<Optional<DevicePublisher>> mqtt;
  private final Clock clock;
  private final NotifySettings settings;
  private final RandomGenerator random;
  private final WebhookSender webhooks = new WebhookSender();
  private final SmtpSender smtp = new SmtpSender();
  private ScheduledExecutorService scheduler;

  public Notifier(
      NotificationStore store,
      AlarmService alarms,
      Supplier<Optional<DevicePublisher>> mqtt,
      Clock clock,
      NotifySettings settings,
      RandomGenerator random) {
    this.store = store;
    this.alarms = alarms;
    this.mqtt = mqtt;
    this.clock = clock;
    this.settings = settings;
    this.random = random;
  }

  /** Listens to {@code alarms} and ticks every {@link NotifySettings#tick} until closed. */
  public synchronized Notifier start() {
    alarms.listenWith(this);
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "civitas-notifier");
              thread.setDaemon(true);
              return thread;
            });
    long millis = settings.tick().toMillis();
    scheduler.scheduleWithFixedDelay(this::safeTick, millis, millis, TimeUnit.MILLISECONDS);
    log.info("notifications: checking every {}", settings.tick());
    return this;
  }

  NotificationStore store() {
    return store;
  }

  /** The channels by name, as stored. */
  Map<String, NotificationChannel> channels() {
    Map<String, NotificationChannel> channels = new LinkedHashMap<>();
    for (Json json : store.channels()) {
      NotificationChannel channel = ChannelJson.read((ObjectNode) JsonCodec.readTree(json.text()));
      channels.put(channel.name(), channel);
    }
    return channels;
  }

  @Override
  public void on(AlarmEvent event, Alarm alarm) {
    try {
      Map<String, NotificationChannel> channels = channels();
      for (NotificationChannel channel : routes(channels, alarm)) {
        enqueue(channel, event, alarm);
      }
    } catch (RuntimeException e) {
      log.error("alarm {} {}: notifications not queued", alarm.id(), event.wireName(), e);
    }
  }

  /** The channels an alarm's events go to. */
  static List<NotificationChannel> routes(Map<String, NotificationChannel> channels, Alarm alarm) {
    List<NotificationChannel> routed = new ArrayList<>();
    for (NotificationChannel channel : channels.values()) {
      if (channel.minSeverity().map(min -> alarm.severity().reaches(min)).orElse(false)
          || alarm.notifyChannels().contains(channel.name())) {
        routed.add(channel);
      }
    }
    for (String named : alarm.notifyChannels()) {
      if (!channels.containsKey(named)) {
        log.warn("alarm {} names notification channel {}, which does not exist", alarm.id(), named);
      }
    }
    return routed;
  }

  private void enqueue(NotificationChannel channel, AlarmEvent event, Alarm alarm) {
    Instant now = clock.instant();
    Instant due = channel.quietHours().map(q -> q.releaseAt(now, alarm.severity())).orElse(now);
    ObjectNode payload = JsonCodec.newObject();
    payload.put("event", event.wireName());
    payload.set("alarm", AlarmJson.alarm(alarm));
    Delivery delivery =
        store.enqueue(
            channel.name(),
            alarm.id(),
            event.wireName(),
            new Json(new String(JsonCodec.write(payload), StandardCharsets.UTF_8)),
            now,
            due);
    if (due.isAfter(now)) {
      log.debug(
          "delivery {} on {} held by quiet hours until {}", delivery.id(), channel.name(), due);
    }
  }

  /** Escalates what is overdue, then sends what is due; for the scheduler and for tests. */
  public void tick() {
    escalate();
    sendDue();
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      log.error("notifications: a check failed; trying again in {}", settings.tick(), e);
    }
  }

  /** Alarms unacknowledged past a routed channel's escalateAfter go to its escalateTo, once. */
  void escalate() {
    Instant now = clock.instant();
    List<Alarm> unacknowledged = alarms.store().unacknowledged();
    if (unacknowledged.isEmpty()) {
      return;
    }
    Map<String, NotificationChannel> channels = channels();
    for (Alarm alarm : unacknowledged) {
      List<NotificationChannel> targets = new ArrayList<>();
      for (NotificationChannel channel : routes(channels, alarm)) {
        Optional<NotificationChannel> target = channel.escalateTo().map(channels::get);
        if (target.isPresent()
            && !now.isBefore(alarm.raisedAt().plus(channel.escalateAfter()))
            && !targets.contains(target.get())) {
          targets.add(target.get());
        }
      }
      if (!targets.isEmpty() && alarms.store().markEscalated(alarm.id(), now)) {
        Alarm escalated = alarms.store().find(alarm.id()).orElse(alarm);
        for (NotificationChannel target : targets) {
          enqueue(target, AlarmEvent.ESCALATED, escalated);
        }
        log.info(
            "alarm {} unacknowledged: escalated to {}",
            alarm.id(),
            targets.stream().map(NotificationChannel::name).toList());
      }
    }
  }

  void sendDue() {
    Instant now = clock.instant();
    List<Delivery> due = store.due(now, BATCH);
    if (due.isEmpty()) {
      return;
    }
    Map<String, NotificationChannel> channels = channels();
    for (Delivery delivery : due) {
      NotificationChannel channel = channels.get(delivery.channel());
      if (channel != null) {
        attempt(channel, delivery, false);
      }
    }
  }

  /**
   * Retries a delivery from the log now, once, on the caller's thread: delivered, or dead again
   * (with this attempt in its log).
   *
   * @throws org.civitas.error.NotFoundException when there is no such delivery on {@code channel}
   * @throws org.civitas.error.ConflictException naming {@code state} when it was delivered
   */
  public Delivery retryNow(String channelName, long id) {
    NotificationChannel channel = channels().get(channelName);
    Delivery delivery =
        store
            .findDelivery(id)
            .filter(d -> channel != null && d.channel().equals(channelName))
            .orElseThrow(
                () ->
                    new org.civitas.error.NotFoundException(
                        "there is no delivery " + id + " on channel " + channelName));
    Delivery pending = store.retry(delivery.id(), clock.instant());
    attempt(channel, pending, true);
    return store.findDelivery(id).orElseThrow();
  }

  private void attempt(NotificationChannel channel, Delivery delivery, boolean lastChance) {
    Instant at = clock.instant();
    SendResult result;
    try {
      result = send(channel, delivery, at);
    } catch (RuntimeException e) {
      result = new SendResult(false, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    int number = delivery.attempts().size() + 1;
    int max = channel.maxAttempts().orElse(settings.maxAttempts());
    Instant next = null;
    if (!result.delivered() && !lastChance && number < max) {
      Duration wait = settings.backoff(number);
      long jitter = (long) (wait.toMillis() / 2.0 * random.nextDouble());
      next = at.plus(wait).minusMillis(jitter);
    }
    store.recordAttempt(
        delivery.id(), new DeliveryAttempt(number, at, result.delivered(), result.outcome()), next);
    if (!result.delivered() && next == null) {
      log.warn(
          "delivery {} of alarm {} on channel {} dead-lettered after attempt {}: {}",
          delivery.id(),
          delivery.alarmId(),
          channel.name(),
          number,
          result.outcome());
    }
  }

  private SendResult send(NotificationChannel channel, Delivery delivery, Instant at) {
    return switch (channel.type()) {
      case WEBHOOK -> webhooks.send(channel, delivery, at);
      case EMAIL ->
          smtp.send(channel, mail(delivery), "civitas-delivery-" + delivery.id() + "@civitas");
      case MQTT -> publish(channel, delivery);
    };
  }

  private SendResult publish(NotificationChannel channel, Delivery delivery) {
    Optional<DevicePublisher> publisher = mqtt.get();
    if (publisher.isEmpty()) {
      return new SendResult(false, "no MQTT broker runs (mqtt.enabled=false?)");
    }
    try {
      publisher
          .get()
          .publish(channel.topic(), delivery.payload().text().getBytes(StandardCharsets.UTF_8))
          .get(10, TimeUnit.SECONDS);
      return new SendResult(true, "MQTT published on " + channel.topic());
    } catch (ExecutionException e) {
      return new SendResult(false, "MQTT publish failed: " + e.getCause());
    } catch (TimeoutException e) {
      return new SendResult(false, "MQTT publish not accepted within 10 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendResult(false, "interrupted");
    }
  }

  /** The e-mail of an alarm event: the subject names severity, event, summary and alarm id. */
  static SmtpSender.Mail mail(Delivery delivery) {
    var payload = JsonCodec.readTree(delivery.payload().text());
    var alarm = payload.get("alarm");
    String subject =
        "["
            + alarm.get("severity").asText()
            + "] alarm "
            + alarm.get("id").asText()
            + " "
            + payload.get("event").asText()
            + ": "
            + alarm.get("summary").asText();
    String body =
        "Alarm "
            + alarm.get("id").asText()
            + " ("
            + alarm.get("state").asText()
            + ") of rule "
            + alarm.get("ruleId").asText()
            + " for "
            + alarm.get("source").asText()
            + "\n"
            + alarm.get("summary").asText()
            + "\nRaised at "
            + alarm.get("raisedAt").asText()
            + ", seen "
            + alarm.get("count").asText()
            + " times; values "
            + alarm.get("values")
            + "\n";
    return new SmtpSender.Mail(subject, body);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
    }
  }
}
