package org.civitas.mqtt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of the embedded MQTT broker, validated when constructed.
 *
 * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the TCP port; 0 picks a free one
 * @param portChosen whether the operator set the port: a chosen port that is taken fails the start,
 *     while the default moves to a free port (this machine's own Mosquitto may hold 1883)
 * @param folder where the broker keeps its configuration, sessions and logs ({@code data/mqtt})
 */
public record MqttSettings(String host, int port, boolean portChosen, Path folder) {

  public static final int DEFAULT_PORT = 1883;

  public MqttSettings {
    Objects.requireNonNull(folder, "folder");
    List<String> problems = new ArrayList<>();
    if (host == null || host.isBlank()) {
      problems.add("host must name an address to bind, e.g. 0.0.0.0");
    }
    if (port < 0 || port > 65_535) {
      problems.add("port must be between 0 and 65535, was " + port);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid MQTT settings: " + String.join("; ", problems));
    }
  }

  /** The loopback interface on a free port, as tests use it. */
  public static MqttSettings loopbackOnFreePort(Path folder) {
    return new MqttSettings("127.0.0.1", 0, true, folder);
  }
}
