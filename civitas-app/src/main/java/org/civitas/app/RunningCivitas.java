package org.civitas.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Stream;
import org.civitas.app.config.CivitasConfig;
import org.civitas.app.config.LorawanConfig;
import org.civitas.app.config.MqttConfig;
import org.civitas.app.config.SettingValue;
import org.civitas.devices.health.HealthMonitor;
import org.civitas.devices.health.HealthPolicy;
import org.civitas.devices.http.DeviceRoutes;
import org.civitas.devices.http.HealthRoutes;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.lorawan.LorawanDownlinkSender;
import org.civitas.devices.lorawan.LorawanDownlinks;
import org.civitas.devices.lorawan.LorawanRoutes;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.DeviceStore;
import org.civitas.mqtt.MqttBroker;
import org.civitas.mqtt.RegistryDevices;
import org.civitas.mqtt.external.ExternalBroker;
import org.civitas.rules.RulesModule;
import org.civitas.rules.alarm.AlarmRoutes;
import org.civitas.rules.alarm.AlarmService;
import org.civitas.rules.cap.PublicAlertRoutes;
import org.civitas.rules.cap.PublicAlerts;
import org.civitas.rules.notify.NotificationRoutes;
import org.civitas.rules.notify.Notifier;
import org.civitas.rules.notify.NotifySettings;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.city.DistrictRoutes;
import org.civitas.server.ops.ComponentHealth;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageKind;
import org.civitas.web.ConsoleRoutes;
import org.civitas.web.ConsoleSettings;
import org.civitas.web.LiveFeed;
import org.civitas.web.LiveRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Civitas node: its storage, its metrics registry, its HTTP server, its device registry
 * and ingest pipeline, and its MQTT broker (embedded, or the connection to an external one, by
 * {@code mqtt.mode}), wired by hand. {@link #close()} stops in the order that loses nothing: first
 * MQTT and HTTP (no new requests), then the device pipeline (which writes the device activity it
 * gathered), then storage (which commits what the ingest queue still holds).
 */
public final class RunningCivitas implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunningCivitas.class);

  private final SensingStore store;
  private final PrometheusMeterRegistry registry;
  private final CivitasServer server;
  private final int port;
  private final MqttBroker mqtt;
  private final ExternalBroker externalMqtt;
  private final DeviceIngest devices;
  private final HealthMonitor health;
  private final LiveFeed live;
  private final PublicAlerts publicAlerts;
  private final AlarmService alarms;
  private final Notifier notifier;
  private final RulesModule rules;
  private final Governance governance;
  private boolean closed;

  private RunningCivitas(
      SensingStore store,
      PrometheusMeterRegistry registry,
      CivitasServer server,
      int port,
      MqttBroker mqtt,
      ExternalBroker externalMqtt,
      DeviceIngest devices,
      HealthMonitor health,
      LiveFeed live,
      PublicAlerts publicAlerts,
      AlarmService alarms,
      Notifier notifier,
      RulesModule rules,
      Governance governance) {
    this.store = store;
    this.registry = registry;
    this.server = server;
    this.port = port;
    this.mqtt = mqtt;
    this.externalMqtt = externalMqtt;
    this.devices = devices;
    this.health = health;
    this.live = live;
    this.publicAlerts = publicAlerts;
    this.alarms = alarms;
    this.notifier = notifier;
    this.rules = rules;
    this.governance = governance;
  }

  /**
   * Opens storage (migrating its schema), then starts the HTTP server on it and, unless disabled,
   * the embedded MQTT broker or the connection to the external one. An external broker that is
   * unreachable does not stop the start: the node connects once the broker answers.
   */
  public static RunningCivitas start(CivitasConfig config) {
    if (config.storage().kind() == StorageKind.EMBEDDED) {
      LOG.info("Storage: embedded H2 database in {}", config.data().dir());
    } else {
      LOG.info(
          "Storage: PostgreSQL at {} as user {}",
          SettingValue.withoutPasswords(config.storage().url()),
          config.storage().user());
    }
    SensingStore store = Storage.open(config.storage().toStorageSettings(config.data().dir()));
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    boolean started = false;
    MqttBroker mqtt = null;
    ExternalBroker externalMqtt = null;
    DeviceIngest devices = null;
    HealthMonitor health = null;
    LiveFeed live = null;
    Notifier notifier = null;
    RulesModule rules = null;
    Governance governance = null;
    try {
      CivitasServer server = new CivitasServer(serverSettings(config), store, registry);
      Clock clock = Clock.systemUTC();
      // First: who asks, for what purpose, under which data class, before any other route.
      governance = Governance.install(server, store, config, clock);
      DeviceStore deviceStore = Storage.devices(store);
      DeviceRegistry deviceRegistry = new DeviceRegistry(deviceStore, server.sensing(), clock);
      DeviceIngest deviceIngest = DeviceIngest.start(deviceRegistry, deviceStore, server.sensing());
      devices = deviceIngest;
      HealthMonitor monitor =
          new HealthMonitor(
              deviceRegistry,
              server.sensing(),
              store.timeSeries(),
              clock,
              registry,
              HealthPolicy.DEFAULT,
              deviceIngest::flush);
      // Before the device routes: /api/v1/devices/health is no device id.
      server.withRoutes(routes -> HealthRoutes.register(routes, monitor, deviceRegistry));
      server.withRoutes(
          routes -> DeviceRoutes.register(routes, deviceRegistry, deviceIngest, clock));
      startLorawan(config.lorawan(), server, deviceRegistry, deviceIngest, registry, clock);
      server.withRoutes(routes -> DistrictRoutes.register(routes, Storage.districts(store)));
      LiveFeed liveFeed = LiveFeed.start(server.sensing());
      live = liveFeed;
      ConsoleSettings console = new ConsoleSettings(config.console().tileUrl());
      server.withRoutes(routes -> LiveRoutes.register(routes, liveFeed));
      server.withRoutes(routes -> ConsoleRoutes.register(routes, console));
      PublicAlerts alerts =
          new PublicAlerts(
              Storage.publicAlerts(store),
              Storage.districts(store),
              config.alerts().sender(),
              clock);
      server.withRoutes(
          routes ->
              PublicAlertRoutes.register(
                  routes, alerts, config.http().publicUrl().map(URI::toString).orElse(null)));
      // Alarms and their notifications; the rules engine is given `alarms` as a listener.
      AlarmService alarms = new AlarmService(Storage.alarms(store), clock, registry);
      Notifier alarmNotifier =
          new Notifier(
              Storage.notifications(store),
              alarms,
              server.sensing()::devicePublisher,
              clock,
              NotifySettings.DEFAULT,
              new java.security.SecureRandom());
      // The console's alarms view hears of each change at once.
      alarms.listenWith((event, alarm) -> liveFeed.alarmChanged(event.wireName(), alarm.id()));
      server.withRoutes(routes -> NotificationRoutes.register(routes, alarmNotifier));
      RulesModule ruleModule =
          RulesModule.install(server, store, Storage.rules(store), deviceStore, clock);
      // An alarm is its rule's department's.
      server.withRoutes(
          routes -> AlarmRoutes.register(routes, alarms, ruleModule.book()::departments));
      // Every outcome opens or clears its alarm, and issues the public alerts its rule asks for.
      ruleModule.listen(alarms);
      ruleModule.listen(alerts);
      // The broker starts first, so that once HTTP answers the whole node is up: operators and
      // tests wait for HTTP, and a stop signal then always finds a node to stop gracefully.
      RegistryDevices mqttDevices = new RegistryDevices(deviceRegistry, deviceIngest, clock);
      if (config.mqtt().enabled() && config.mqtt().mode() == MqttConfig.Mode.EMBEDDED) {
        mqtt =
            MqttBroker.start(
                config.mqtt().toMqttSettings(config.data().dir()),
                server.sensing(),
                registry,
                mqttDevices);
      } else if (config.mqtt().enabled()) {
        ExternalBroker external =
            ExternalBroker.start(
                config.mqtt().external().orElseThrow(), server.sensing(), registry, mqttDevices);
        externalMqtt = external;
        server.reportHealth(
            "mqtt",
            () -> new ComponentHealth(external.status().connected(), external.status().detail()));
      }
      // The server logs where it listens.
      int port = server.start();
      health = monitor.start(config.devices().healthInterval());
      // The console's live view hears the health counts whenever an assessment changes them.
      liveFeed.pollHealth(() -> healthCounts(monitor), java.time.Duration.ofSeconds(5));
      notifier = alarmNotifier.start();
      // After HTTP: the engine catches up from its checkpoints while the node already serves.
      ruleModule.start();
      rules = ruleModule;
      governance.start(config.governance().retentionInterval());
      started = true;
      return new RunningCivitas(
          store,
          registry,
          server,
          port,
          mqtt,
          externalMqtt,
          devices,
          health,
          live,
          alerts,
          alarms,
          notifier,
          rules,
          governance);
    } finally {
      if (!started) {
        if (governance != null) {
          governance.close();
        }
        // Whatever went wrong (a port in use, a broken jar), storage commits and lets go.
        if (mqtt != null) {
          mqtt.close();
        }
        if (externalMqtt != null) {
          externalMqtt.close();
        }
        if (health != null) {
          health.close();
        }
        if (live != null) {
          live.close();
        }
        if (notifier != null) {
          notifier.close();
        }
        if (rules != null) {
          rules.close();
        }
        if (devices != null) {
          devices.close();
        }
        store.close();
        registry.close();
      }
    }
  }

  /** The latest report's counts by state label ({@code silent}...), for the live view. */
  private static java.util.Map<String, Integer> healthCounts(HealthMonitor monitor) {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    monitor
        .latest()
        .ifPresent(report -> report.counts().forEach((state, n) -> counts.put(state.label(), n)));
    return counts;
  }

  /** The LoRaWAN webhooks (404 while no secret is set) and, when configured, Task downlinks. */
  private static void startLorawan(
      LorawanConfig config,
      CivitasServer server,
      DeviceRegistry deviceRegistry,
      DeviceIngest deviceIngest,
      PrometheusMeterRegistry registry,
      Clock clock) {
    server.withRoutes(
        routes ->
            LorawanRoutes.register(
                routes, config.secret(), deviceRegistry, deviceIngest, registry, clock));
    if (config.secret().isEmpty()) {
      LOG.info("LoRaWAN webhooks: off (404) until lorawan.webhook-secret is set");
    } else {
      LOG.info(
          "LoRaWAN webhooks: {} and {}{}",
          LorawanRoutes.CHIRPSTACK,
          LorawanRoutes.TTS,
          config.signatureRequired() ? ", signed requests only" : "");
    }
    Optional<LorawanDownlinks> chirpstack = config.chirpstack();
    Optional<LorawanDownlinks> tts = config.tts();
    if (chirpstack.isPresent() || tts.isPresent()) {
      server
          .sensing()
          .sendDownlinksWith(new LorawanDownlinkSender(deviceRegistry, chirpstack, tts));
      LOG.info(
          "LoRaWAN downlinks for Tasks: {}",
          Stream.concat(chirpstack.stream(), tts.stream()).map(Object::toString).toList());
    }
  }

  static ServerSettings serverSettings(CivitasConfig config) {
    return new ServerSettings(
        config.http().host(),
        config.http().port(),
        config.http().publicUrl().map(URI::toString).orElse(null),
        config.paging().defaultTop(),
        config.paging().maxTop());
  }

  /** The port the HTTP server is bound to (the configured one, or the free one picked for 0). */
  public int port() {
    return port;
  }

  /** Whether the connection to the external MQTT broker is up; empty in embedded mode. */
  public java.util.Optional<Boolean> externalMqttConnected() {
    return externalMqtt == null
        ? java.util.Optional.empty()
        : java.util.Optional.of(externalMqtt.status().connected());
  }

  /** The port the embedded MQTT broker is bound to; empty when it does not run. */
  public java.util.OptionalInt mqttPort() {
    return mqtt == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(mqtt.port());
  }

  /**
   * The public alerts (OASIS CAP 1.2) of this node: a {@link
   * org.civitas.rules.evaluation.RuleOutcomeListener} to hand the rules engine, so that rules with
   * an {@code IssuePublicAlert} action issue, update and cancel alerts.
   */
  public PublicAlerts publicAlerts() {
    return publicAlerts;
  }

  /**
   * The alarms of this node: give it to the rules engine as a {@code RuleOutcomeListener} so that
   * its outcomes open and clear alarms (and notify).
   */
  public AlarmService alarms() {
    return alarms;
  }

  /**
   * Issues an API key of this node for one of Civitas's own components (the demo's simulator),
   * recorded in the audit log under {@code actor}; its secret is in the answer only.
   */
  public org.civitas.governance.identity.IssuedKey issueApiKey(
      String name, java.util.Set<org.civitas.governance.identity.Role> roles, String actor) {
    return governance.issueApiKey(name, roles, actor);
  }

  /** Where the first administrator's generated password was written on this start, if it was. */
  public Optional<java.nio.file.Path> adminPasswordFile() {
    return governance.adminPasswordFile();
  }

  /** Whether storage answers, as {@code /health} reports it. */
  public boolean storageUp() {
    return store.status().up();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    LOG.info(
        "Civitas stopping: MQTT and HTTP first, then device activity, then storage after"
            + " committing queued observations");
    try {
      if (mqtt != null) {
        mqtt.close();
      }
      if (externalMqtt != null) {
        // Publishes being stored are acknowledged before the connection closes.
        externalMqtt.close();
      }
      // Live clients first: an open event stream would hold up the server's graceful stop.
      live.close();
      server.stop();
    } finally {
      try {
        // Its run reads storage: stopped before storage closes.
        health.close();
        // Saves the rules' evaluation state and creates the Tasks already asked for.
        rules.close();
        // Its queue is durable: what it has not sent yet is sent after the next start.
        notifier.close();
        // After HTTP (no more uplinks), before storage: its last activity flush needs the database.
        devices.close();
        // Its retention job and refreshes read storage.
        governance.close();
      } finally {
        store.close();
      }
      registry.close();
      LOG.info("Civitas stopped");
    }
  }
}
