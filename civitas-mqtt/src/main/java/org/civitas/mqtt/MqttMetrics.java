package org.civitas.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counters of the MQTT extension: Observations created from publishes, publishes dropped as
 * invalid (MQTT 3.1.1 has no way to tell the client why, so the count is what an operator sees),
 * publishes that failed to store, and messages sent to subscribers.
 */
final class MqttMetrics {

  private final Counter created;
  private final Counter invalid;
  private final Counter failed;
  private final Counter sent;

  MqttMetrics(MeterRegistry registry) {
    created = publishes(registry, "created");
    invalid = publishes(registry, "invalid");
    failed = publishes(registry, "failed");
    sent =
        Counter.builder("civitas.mqtt.messages.sent")
            .description("SensorThings messages handed to the broker for subscribers")
            .register(registry);
  }

  private static Counter publishes(MeterRegistry registry, String outcome) {
    return Counter.builder("civitas.mqtt.publishes")
        .description("Publishes to SensorThings creation topics, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  void created() {
    created.increment();
  }

  void invalid() {
    invalid.increment();
  }

  void failed() {
    failed.increment();
  }

  void sent() {
    sent.increment();
  }
}
