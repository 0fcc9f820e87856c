package org.civitas.app.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.civitas.mqtt.MqttSettings;
import org.civitas.mqtt.external.ExternalBrokerSettings;

/**
 * The SensorThings MQTT extension: an embedded broker, or Civitas as a client of an external one.
 *
 * @param enabled whether {@code serve} serves MQTT at all
 * @param mode the embedded broker or an external one
 * @param host the address the embedded broker binds
 * @param port the embedded broker's TCP port; 0 picks a free one
 * @param portChosen whether the operator set the port (a chosen port that is taken fails the start;
 *     the default moves to a free port)
 * @param external how to reach the external broker; present exactly when {@code mode} is {@link
 *     Mode#EXTERNAL}
 * @param anonymous what clients without credentials may do on the embedded broker
 */
public record MqttConfig(
    boolean enabled,
    Mode mode,
    String host,
    int port,
    boolean portChosen,
    Optional<ExternalBrokerSettings> external,
    MqttSettings.Anonymous anonymous) {

  /** Where the MQTT broker runs. */
  public enum Mode {
    /** HiveMQ CE inside this process, on {@code mqtt.host}:{@code mqtt.port}. */
    EMBEDDED,
    /** A broker of its own (Mosquitto, EMQX, HiveMQ) at {@code mqtt.url}, shared by many nodes. */
    EXTERNAL
  }

  static final Setting ENABLED =
      Setting.of(
          "mqtt",
          "enabled",
          "true",
          "Whether serve serves the SensorThings MQTT extension (embedded broker or external)");
  static final Setting MODE =
      Setting.of(
          "mqtt",
          "mode",
          "embedded",
          "embedded (a broker inside Civitas) or external (Civitas is a client of the broker at"
              + " mqtt.url, for several nodes)");
  static final Setting HOST =
      Setting.of(
          "mqtt",
          "host",
          "0.0.0.0",
          "Address the embedded MQTT broker binds; 127.0.0.1 keeps it local");
  static final Setting PORT =
      Setting.of(
          "mqtt",
          "port",
          String.valueOf(MqttSettings.DEFAULT_PORT),
          "TCP port of the embedded MQTT broker; 0 picks a free port. If the default port is"
              + " taken, the broker moves to a free one and logs it; a port set here that is taken"
              + " stops the start");
  static final Setting URL =
      Setting.of(
          "mqtt",
          "url",
          "",
          "External broker, e.g. tcp://127.0.0.1:1883 or ssl://broker:8883; required when"
              + " mqtt.mode=external");
  static final Setting USERNAME =
      Setting.of("mqtt", "username", "", "User at the external broker; empty for anonymous");
  static final Setting PASSWORD =
      Setting.secret("mqtt", "password", "Password at the external broker");
  static final Setting CLIENT_ID =
      Setting.of(
          "mqtt",
          "client-id",
          "",
          "This node's MQTT client id at the external broker, unique per node; when set, the broker"
              + " keeps the node's session (and its unacknowledged publishes) across restarts."
              + " Empty: civitas-<host name>-<random>, a session for the life of the process");
  static final Setting SHARED_GROUP =
      Setting.of(
          "mqtt",
          "shared-group",
          "civitas",
          "Shared subscription group of all nodes of one city: each publish goes to one of them");
  static final Setting TOPIC_PREFIX =
      Setting.of(
          "mqtt",
          "topic-prefix",
          "",
          "Topic levels before v1.1/ on the external broker, e.g. city/a, to share one broker"
              + " between cities or test runs");
  static final Setting ANONYMOUS =
      Setting.of(
          "mqtt",
          "anonymous",
          "subscribe",
          "What clients without credentials may do on the embedded broker: subscribe (to the"
              + " SensorThings topics), publish (also create Observations) or none (refused)."
              + " Devices connect with their id and secret");
  static final List<Setting> SETTINGS =
      List.of(
          ENABLED,
          MODE,
          HOST,
          PORT,
          ANONYMOUS,
          URL,
          USERNAME,
          PASSWORD,
          CLIENT_ID,
          SHARED_GROUP,
          TOPIC_PREFIX);

  static MqttConfig read(SettingsReader settings) {
    boolean enabled = settings.bool(ENABLED);
    Mode mode = settings.choice(MODE, Mode.class);
    String host = settings.text(HOST);
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      settings.problem(HOST, "expected an address to bind, such as 0.0.0.0 or 127.0.0.1");
    }
    int port = settings.integer(PORT, 0, 65_535);
    MqttSettings.Anonymous anonymous = settings.choice(ANONYMOUS, MqttSettings.Anonymous.class);
    Optional<ExternalBrokerSettings> external =
        mode == Mode.EXTERNAL ? readExternal(settings) : Optional.empty();
    return new MqttConfig(enabled, mode, host, port, settings.chosen(PORT), external, anonymous);
  }

  /** Reads and checks every key of the external broker, reporting each problem. */
  private static Optional<ExternalBrokerSettings> readExternal(SettingsReader settings) {
    int problemsBefore = settings.problems().size();
    String url = settings.text(URL);
    if (url.isEmpty()) {
      settings.problem(
          URL, "is required when mqtt.mode=external; expected e.g. tcp://127.0.0.1:1883");
    } else {
      ExternalBrokerSettings.urlProblems(url).forEach(problem -> settings.problem(URL, problem));
    }
    String username = settings.text(USERNAME);
    String password = settings.secret(PASSWORD);
    if (username.isEmpty() && !password.isEmpty()) {
      settings.problem(PASSWORD, "is set but mqtt.username is empty; a password needs a username");
    }
    boolean clientIdChosen = !settings.text(CLIENT_ID).isEmpty();
    String clientId = clientIdChosen ? settings.text(CLIENT_ID) : derivedClientId();
    ExternalBrokerSettings.clientIdProblems(clientId)
        .forEach(problem -> settings.problem(CLIENT_ID, problem));
    String group = settings.text(SHARED_GROUP);
    ExternalBrokerSettings.sharedGroupProblems(group)
        .forEach(problem -> settings.problem(SHARED_GROUP, problem));
    String prefix = settings.text(TOPIC_PREFIX);
    ExternalBrokerSettings.topicPrefixProblems(prefix)
        .forEach(problem -> settings.problem(TOPIC_PREFIX, problem));
    if (settings.problems().size() > problemsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new ExternalBrokerSettings(
            URI.create(url), username, password, clientId, clientIdChosen, group, prefix));
  }

  /**
   * {@code civitas-<host name>-<8 hex digits>}: readable in the broker's client list, and unique
   * even for two nodes on one host (a broker disconnects the older of two clients with one id).
   */
  static String derivedClientId() {
    String hostName;
    try {
      hostName = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      hostName = "node";
    }
    String safe = hostName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    if (safe.length() > 80) {
      safe = safe.substring(0, 80);
    }
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return "civitas-" + safe + "-" + HexFormat.of().formatHex(random);
  }

  /** The embedded broker's settings, keeping its files in {@code mqtt} under the data directory. */
  public MqttSettings toMqttSettings(Path dataDir) {
    return new MqttSettings(host, port, portChosen, dataDir.resolve("mqtt"), anonymous);
  }
}
