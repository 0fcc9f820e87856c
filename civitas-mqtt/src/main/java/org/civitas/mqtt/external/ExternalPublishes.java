package org.civitas.mqtt.external;

import com.hivemq.client.mqtt.datatypes.MqttUtf8String;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.mqtt.MqttDevices;
import org.civitas.server.sensing.SensingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Observations from publishes that the external broker delivers on the creation topics
 * ({@code v1.1/Observations}, {@code v1.1/Datastreams(<id>)/Observations}), through the same
 * validation and group commit as an HTTP POST, and device uplinks on {@code
 * civitas/devices/<id>/up} through the device ingest pipeline (the broker has authenticated the
 * device and keeps it on its own topic), and acknowledges each publish to the broker only once it
 * is settled:
 *
 * <ul>
 *   <li>stored: PUBACK after the commit;
 *   <li>invalid (it can never be stored; for an uplink also an unknown or revoked device): PUBACK
 *       at once, counted and logged at DEBUG;
 *   <li>a notification that a Civitas node published itself (marked with the user property {@link
 *       #NOTIFICATION}): PUBACK at once, nothing stored, so no node re-ingests what it announced;
 *   <li>not stored now (storage down, ingest queue full): no PUBACK; tried again with back-off
 *       while this node runs. Should it stop first, the publish stays unacknowledged in the
 *       broker's session, which delivers it again when the session reconnects.
 * </ul>
 *
 * <p>Thread-safe; called on the connector's worker threads, never the network thread.
 */
final class ExternalPublishes {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalPublishes.class);

  /** The MQTT 5 user property with which Civitas marks the notifications it publishes. */
  static final String NOTIFICATION = "civitas-notification";

  private static final Duration FIRST_RETRY = Duration.ofMillis(500);
  private static final Duration LAST_RETRY = Duration.ofSeconds(30);
  private static final Pattern UPLINK = Pattern.compile("civitas/devices/([^/+#]+)/up");

  private final SensingApi api;
  private final MqttDevices devices;
  private final ExternalBrokerSettings settings;
  private final ExternalBrokerMetrics metrics;
  private final ScheduledExecutorService retries;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  ExternalPublishes(
      SensingApi api,
      MqttDevices devices,
      ExternalBrokerSettings settings,
      ExternalBrokerMetrics metrics,
      ScheduledExecutorService retries) {
    this.api = api;
    this.devices = devices;
    this.settings = settings;
    this.metrics = metrics;
    this.retries = retries;
  }

  void onPublish(Mqtt5Publish publish) {
    if (closing) {
      // Left unacknowledged: the broker hands it out again once a session of the group is back.
      return;
    }
    if (isNotification(publish)) {
      metrics.own();
      acknowledge(publish);
      return;
    }
    byte[] body = publish.getPayloadAsBytes();
    String topic = settings.unprefixed(publish.getTopic().toString());
    Matcher uplink = topic == null ? null : UPLINK.matcher(topic);
    if (uplink != null && uplink.matches()) {
      String device = uplink.group(1);
      attempt(publish, () -> devices.uplink(device, body), FIRST_RETRY);
      return;
    }
    String path = topic == null ? null : belowVersion(topic);
    if (path == null) {
      // Not one of ours (another prefix matched a broad filter): nothing to store.
      metrics.invalid();
      acknowledge(publish);
      return;
    }
    attempt(publish, () -> api.createObservation(path, body), FIRST_RETRY);
  }

  private void attempt(
      Mqtt5Publish publish, Supplier<CompletableFuture<?>> store, Duration nextDelay) {
    CompletableFuture<?> stored;
    try {
      stored = store.get();
    } catch (InvalidInputException | NotFoundException | ConflictException e) {
      dropInvalid(publish, e.getMessage());
      return;
    } catch (RuntimeException e) {
      retryLater(publish, store, nextDelay, e);
      return;
    }
    inFlight.add(stored);
    stored.whenComplete(
        (observation, failure) -> {
          inFlight.remove(stored);
          if (failure == null) {
            metrics.created();
            acknowledge(publish);
            return;
          }
          Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
          if (cause instanceof InvalidInputException
              || cause instanceof NotFoundException
              || cause instanceof ConflictException) {
            dropInvalid(publish, cause.getMessage());
          } else {
            retryLater(publish, store, nextDelay, cause);
          }
        });
  }

  private void dropInvalid(Mqtt5Publish publish, String message) {
    metrics.invalid();
    LOG.debug("Dropped an invalid publish to {}: {}", publish.getTopic(), message);
    acknowledge(publish);
  }

  private void retryLater(
      Mqtt5Publish publish,
      Supplier<CompletableFuture<?>> store,
      Duration delay,
      Throwable failure) {
    metrics.failed();
    if (closing) {
      LOG.warn(
          "A publish to {} was not stored ({}) and is left to the broker to deliver again",
          publish.getTopic(),
          failure.toString());
      return;
    }
    LOG.warn(
        "A publish to {} was not stored ({}); trying again in {} ms",
        publish.getTopic(),
        failure.toString(),
        delay.toMillis());
    Duration doubled = delay.multipliedBy(2);
    Duration next = doubled.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : doubled;
    try {
      // A retry still waiting at stop is dropped with the scheduler: the publish stays
      // unacknowledged, and the broker delivers it again.
      retries.schedule(
          () -> {
            if (!closing) {
              attempt(publish, store, next);
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.debug("Stopping: the publish to {} is left to the broker", publish.getTopic());
    }
  }

  private void acknowledge(Mqtt5Publish publish) {
    publish.acknowledge();
    metrics.acknowledged();
  }

  /** Stops taking publishes and waits up to {@code timeout} for those being stored to settle. */
  void close(Duration timeout) {
    closing = true;
    CompletableFuture<?>[] pending =
        inFlight.stream()
            .map(future -> future.handle((value, failure) -> null))
            .toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(pending).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("{} MQTT publishes were still being stored at stop", inFlight.size());
    }
  }

  static boolean isNotification(Mqtt5Publish publish) {
    MqttUtf8String name = MqttUtf8String.of(NOTIFICATION);
    return publish.getUserProperties().asList().stream()
        .anyMatch(property -> property.getName().equals(name));
  }

  /** The resource path below {@code v1.1/} or {@code v1.0/}; null for other topics. */
  private static String belowVersion(String topic) {
    for (String version : new String[] {"v1.1/", "v1.0/"}) {
      if (topic.startsWith(version)) {
        return topic.substring(version.length());
      }
    }
    return null;
  }
}
