package org.civitas.mqtt;

import java.util.Optional;

/** The SensorThings topic space of the broker: everything below {@code v1.1/}. */
final class MqttTopics {

  static final String ROOT = "v1.1/";

  private MqttTopics() {}

  /**
   * The part of a SensorThings topic below {@code v1.1/}; empty for topics of other uses, which the
   * broker carries as any broker would.
   */
  static Optional<String> belowRoot(String topic) {
    return topic.startsWith(ROOT) ? Optional.of(topic.substring(ROOT.length())) : Optional.empty();
  }
}
