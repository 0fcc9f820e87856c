package org.civitas.mqtt;

import java.util.Optional;

/**
 * The SensorThings topic space of the broker: everything below {@code v1.1/}, and below {@code
 * v1.0/} for SensorThings 1.0 clients (as the HTTP API serves {@code /v1.0}).
 */
final class MqttTopics {

  /** A SensorThings topic split into its version ({@code v1.1}) and the resource path below it. */
  record Versioned(String version, String belowRoot) {}

  private static final String V1_1 = "v1.1";
  private static final String V1_0 = "v1.0";

  private MqttTopics() {}

  /** The version and path of a SensorThings topic; empty for topics of other uses. */
  static Optional<Versioned> parse(String topic) {
    for (String version : new String[] {V1_1, V1_0}) {
      if (topic.startsWith(version + "/")) {
        return Optional.of(new Versioned(version, topic.substring(version.length() + 1)));
      }
    }
    return Optional.empty();
  }
}
