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
 * @param anonymous what a client without credentials may do
 */
public record MqttSettings(
    String host, int port, boolean portChosen, Path folder, Anonymous anonymous) {

  public static final int DEFAULT_PORT = 1883;

  /**
   * What a client that connects without a username may do. Devices always connect with their id and
   * secret; these settings concern dashboards and other readers of the public SensorThings topics.
   */
  public enum Anonymous {
    /**
     * Subscribe to the SensorThings topics ({@code v1.1/...}, {@code v1.0/...}); publish nothing.
     */
    SUBSCRIBE,
    /**
     * Also publish: create Observations on the SensorThings creation topics and use topics outside
     * the device space {@code civitas/devices/...} as in any broker (OGC 18-088's open MQTT).
     */
    PUBLISH,
    /** Refused at CONNECT: only registered devices connect. */
    NONE
  }

  public MqttSettings {
    Objects.requireNonNull(folder, "folder");
    Objects.requireNonNull(anonymous, "anonymous");
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

  /** The loopback interface on a free port, as tests use it; anonymous clients only subscribe. */
  public static MqttSettings loopbackOnFreePort(Path folder) {
    return new MqttSettings("127.0.0.1", 0, true, folder, Anonymous.SUBSCRIBE);
  }

  /** These settings with anonymous clients allowed {@code anonymous}. */
  public MqttSettings withAnonymous(Anonymous anonymous) {
    return new MqttSettings(host, port, portChosen, folder, anonymous);
  }
}
