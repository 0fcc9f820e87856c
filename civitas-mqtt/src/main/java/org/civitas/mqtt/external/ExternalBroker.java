package org.civitas.mqtt.external;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscription;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.civitas.mqtt.MqttBroker;
import org.civitas.mqtt.MqttDevices;
import org.civitas.server.sensing.SensingApi;
import org.civitas.server.tasking.DevicePublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Civitas as an MQTT 5 client of an external broker (Mosquitto, EMQX, HiveMQ), for cities that run
 * several Civitas nodes against one broker cluster. It serves the SensorThings MQTT extension
 * through that broker:
 *
 * <ul>
 *   <li>it subscribes to the creation topics with a shared subscription ({@code
 *       $share/<group>/v1.1/Observations} and {@code $share/<group>/v1.1/+/Observations}, and the
 *       same below {@code v1.0/}) and to the device uplinks ({@code
 *       $share/<group>/civitas/devices/+/up}), so each publish goes to one node of the group, which
 *       stores it ({@link ExternalPublishes}) and acknowledges it after the commit;
 *   <li>it publishes committed creates and updates on their topics ({@link ExternalNotifications}),
 *       QoS 1, marked with the user property {@link ExternalPublishes#NOTIFICATION} so that no node
 *       takes them for new Observations;
 *   <li>it publishes Tasks whose TaskingCapability names an MQTT topic.
 * </ul>
 *
 * <p>{@link #start} does not wait for the broker: the client connects and reconnects with back-off
 * (1 s doubling to 30 s) for as long as the node runs, so that a node starts, and serves HTTP,
 * while the broker is away. {@link #status()} tells whether it is connected now. Not for concurrent
 * start and close.
 */
public final class ExternalBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExternalBroker.class);

  /** How long the broker keeps a persistent session of a node that is away. */
  static final long SESSION_EXPIRY_SECONDS = TimeUnit.HOURS.toSeconds(1);

  /** Most publishes delivered to this node and not yet acknowledged (being stored). */
  private static final int RECEIVE_MAXIMUM = 1000;

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** The state of the connection, as {@code /health} reports it. */
  public record Status(boolean connected, String detail) {}

  private final ExternalBrokerSettings settings;
  private final SensingApi api;
  private final ExternalBrokerMetrics metrics;
  private final Mqtt5AsyncClient client;
  private final ExternalPublishes publishes;
  private final ExternalNotifications notifications;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledThreadPoolExecutor retries = retryScheduler();
  private final AtomicBoolean warnedOfOutage = new AtomicBoolean();
  private volatile boolean subscribed;
  private volatile String detail = "connecting";
  private boolean closed;

  private ExternalBroker(
      ExternalBrokerSettings settings,
      SensingApi api,
      MeterRegistry registry,
      MqttDevices devices) {
    this.settings = settings;
    this.api = api;
    this.metrics = new ExternalBrokerMetrics(registry, () -> subscribed);
    this.publishes = new ExternalPublishes(api, devices, settings, metrics, retries);
    this.client = buildClient();
    this.notifications = new ExternalNotifications(api, this::publishNotification);
  }

  /**
   * Starts connecting to the broker, listens to committed changes and announces the broker in the
   * service root ({@code serverSettings.mqtt}). Returns at once; see {@link #status()}.
   */
  public static ExternalBroker start(
      ExternalBrokerSettings settings, SensingApi api, MeterRegistry registry) {
    return start(settings, api, registry, MqttDevices.NONE);
  }

  /**
   * As {@link #start(ExternalBrokerSettings, SensingApi, MeterRegistry)}, also taking the uplinks
   * of {@code devices} from {@code $share/<group>/civitas/devices/+/up}.
   */
  public static ExternalBroker start(
      ExternalBrokerSettings settings,
      SensingApi api,
      MeterRegistry registry,
      MqttDevices devices) {
    ExternalBroker broker = new ExternalBroker(settings, api, registry, devices);
    broker.connect();
    return broker;
  }

  private Mqtt5AsyncClient buildClient() {
    Mqtt5ClientBuilder builder =
        Mqtt5Client.builder()
            .identifier(settings.clientId())
            .serverHost(settings.host())
            .serverPort(settings.port())
            .automaticReconnect()
            .initialDelay(1, TimeUnit.SECONDS)
            .maxDelay(30, TimeUnit.SECONDS)
            .applyAutomaticReconnect()
            .addConnectedListener(this::onConnected)
            .addDisconnectedListener(this::onDisconnected);
    if (settings.tls()) {
      builder = builder.sslWithDefaultConfig();
    }
    if (!settings.username().isEmpty()) {
      builder =
          builder
              .simpleAuth()
              .username(settings.username())
              .password(settings.password().getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth();
    }
    Mqtt5AsyncClient built = builder.buildAsync();
    // Manual acknowledgement: the PUBACK of a publish goes out when ExternalPublishes settles it.
    built.publishes(MqttGlobalPublishFilter.SUBSCRIBED, publishes::onPublish, workers, true);
    return built;
  }

  private void connect() {
    api.listen(notifications);
    api.publishTasksWith(tasks());
    api.announceMqtt(MqttBroker.CONFORMANCE, List.of(settings.endpoint()));
    LOG.info(
        "Civitas MQTT: connecting to the external broker {} as {} (shared group {}{})",
        settings.url(),
        settings.clientId(),
        settings.sharedGroup(),
        settings.topicPrefix().isEmpty() ? "" : ", topic prefix " + settings.topicPrefix());
    client
        .connectWith()
        .cleanStart(!settings.persistentSession())
        .sessionExpiryInterval(settings.persistentSession() ? SESSION_EXPIRY_SECONDS : 0)
        .restrictions()
        .receiveMaximum(RECEIVE_MAXIMUM)
        .applyRestrictions()
        .send()
        .whenComplete(
            (ack, failure) -> {
              if (failure != null) {
                // Automatic reconnect keeps trying; onDisconnected has said why.
                LOG.debug("First connection attempt failed: {}", failure.toString());
              }
            });
  }

  private void onConnected(MqttClientConnectedContext context) {
    warnedOfOutage.set(false);
    // Subscribing again on every connection is harmless with a kept session and needed without.
    client
        .subscribe(subscription())
        .whenComplete(
            (subAck, failure) -> {
              if (failure != null) {
                detail = "connected, but the subscription failed: " + failure.getMessage();
                LOG.error(
                    "The external MQTT broker {} refused the shared subscription: {}",
                    settings.url(),
                    failure.toString());
              } else {
                subscribed = true;
                detail = "connected to " + settings.url() + " as " + settings.clientId();
                LOG.info(
                    "Civitas MQTT: {}, subscribed as group {}", detail, settings.sharedGroup());
              }
            });
  }

  private void onDisconnected(MqttClientDisconnectedContext context) {
    subscribed = false;
    detail = "not connected to " + settings.url() + ": " + context.getCause().getMessage();
    if (!closed && warnedOfOutage.compareAndSet(false, true)) {
      // Once per outage: the reconnect attempts that follow log nothing until one succeeds.
      LOG.warn("Civitas MQTT: {}; reconnecting with back-off up to every 30 s", detail);
    }
  }

  /**
   * The shared subscription of the creation topics, below both SensorThings versions, and of the
   * device uplink topics.
   */
  Mqtt5Subscribe subscription() {
    List<Mqtt5Subscription> filters = new ArrayList<>();
    filters.add(
        Mqtt5Subscription.builder()
            .topicFilter(
                "$share/"
                    + settings.sharedGroup()
                    + "/"
                    + settings.prefixed("civitas/devices/+/up"))
            .qos(MqttQos.AT_LEAST_ONCE)
            .build());
    for (String version : new String[] {"v1.1", "v1.0"}) {
      for (String topic : new String[] {version + "/Observations", version + "/+/Observations"}) {
        filters.add(
            Mqtt5Subscription.builder()
                .topicFilter("$share/" + settings.sharedGroup() + "/" + settings.prefixed(topic))
                .qos(MqttQos.AT_LEAST_ONCE)
                .build());
      }
    }
    return Mqtt5Subscribe.builder().addSubscriptions(filters).build();
  }

  private void publishNotification(String topic, byte[] json) {
    client
        .publishWith()
        .topic(settings.prefixed(topic))
        .qos(MqttQos.AT_LEAST_ONCE)
        .contentType("application/json")
        .userProperties()
        .add(ExternalPublishes.NOTIFICATION, settings.clientId())
        .applyUserProperties()
        .payload(json)
        .send()
        .whenComplete(
            (result, failure) -> {
              Throwable error = failure != null ? failure : result.getError().orElse(null);
              if (error != null) {
                metrics.unsent();
                LOG.warn("Could not publish to {}: {}", topic, error.toString());
              } else {
                metrics.sent();
              }
            });
  }

  /** Tasks go out on the topic their TaskingCapability names, as named (no topic prefix). */
  private DevicePublisher tasks() {
    return (topic, json) ->
        client
            .publishWith()
            .topic(topic)
            .qos(MqttQos.AT_LEAST_ONCE)
            .contentType("application/json")
            .payload(json)
            .send()
            .thenCompose(
                result -> {
                  if (result.getError().isPresent()) {
                    metrics.unsent();
                    return CompletableFuture.failedFuture(result.getError().get());
                  }
                  metrics.sent();
                  return CompletableFuture.completedFuture(null);
                });
  }

  private static ScheduledThreadPoolExecutor retryScheduler() {
    ScheduledThreadPoolExecutor scheduler =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("civitas-mqtt-retry").daemon().factory());
    // Retries still waiting at stop are dropped: the broker delivers those publishes again.
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return scheduler;
  }

  /** Whether the node is connected and subscribed now, and a line for a person. */
  public Status status() {
    return new Status(subscribed, detail);
  }

  /** The settings this connector runs with. */
  public ExternalBrokerSettings settings() {
    return settings;
  }

  /**
   * Stops taking publishes, lets those being stored finish and acknowledge (up to 10 s), then
   * disconnects. A publish not acknowledged by then is delivered again by the broker.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    api.stopListening(notifications);
    api.publishTasksWith(null);
    api.announceMqtt(List.of(), List.of());
    publishes.close(STOP_TIMEOUT);
    // Never interrupt: a store write interrupted on H2 closes the embedded database.
    retries.shutdown();
    try {
      client.disconnect().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // Not connected (the broker is away): there is nothing to close on the wire.
      LOG.debug("Disconnecting from the external MQTT broker: {}", e.toString());
    }
    subscribed = false;
    workers.close();
    LOG.info("Civitas MQTT: disconnected from the external broker {}", settings.url());
  }
}
