package org.civitas.app.config;

import java.nio.file.Path;
import java.util.List;
import org.civitas.mqtt.MqttSettings;

/**
 * The embedded MQTT broker of the SensorThings MQTT extension.
 *
 * @param enabled whether {@code serve} starts the broker
 * @param host the address to bind
 * @param port the TCP port; 0 picks a free one
 * @param portChosen whether the operator set the port (a chosen port that is taken fails the start;
 *     the default moves to a free port)
 */
public record MqttConfig(boolean enabled, String host, int port, boolean portChosen) {

  static final Setting ENABLED =
      Setting.of(
          "mqtt",
          "enabled",
          "true",
          "Whether serve starts the embedded MQTT broker (the SensorThings MQTT extension)");
  static final Setting HOST =
      Setting.of(
          "mqtt", "host", "0.0.0.0", "Address the MQTT broker binds; 127.0.0.1 keeps it local");
  static final Setting PORT =
      Setting.of(
          "mqtt",
          "port",
          String.valueOf(MqttSettings.DEFAULT_PORT),
          "TCP port of the MQTT broker; 0 picks a free port. If the default port is taken, the"
              + " broker moves to a free one and logs it; a port set here that is taken stops the"
              + " start");
  static final List<Setting> SETTINGS = List.of(ENABLED, HOST, PORT);

  static MqttConfig read(SettingsReader settings) {
    String host = settings.text(HOST);
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      settings.problem(HOST, "expected an address to bind, such as 0.0.0.0 or 127.0.0.1");
    }
    return new MqttConfig(
        settings.bool(ENABLED), host, settings.integer(PORT, 0, 65_535), settings.chosen(PORT));
  }

  /** The broker's settings, keeping its files in {@code mqtt} under the data directory. */
  public MqttSettings toMqttSettings(Path dataDir) {
    return new MqttSettings(host, port, portChosen, dataDir.resolve("mqtt"));
  }
}
