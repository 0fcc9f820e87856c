package org.civitas.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters of the MQTT extension: Observations created from publishes, publishes dropped as
 * invalid (MQTT 3.1.1 has no way to tell the client why, so the count is what an operator sees),
 * publishes that failed to store, and messages sent to subscribers; device uplinks on the compact
 * topics by outcome; and connections, publishes and subscriptions refused by the access rules.
 */
final class MqttMetrics {

  private final Counter created;
  private final Counter invalid;
  private final Counter failed;
  private final Counter sent;
  private final MeterRegistry registry;
  private final Map<String, Counter> refused = new ConcurrentHashMap<>();
  private final Map<String, Counter> uplinks = new ConcurrentHashMap<>();

  MqttMetrics(MeterRegistry registry) {
    this.registry = registry;
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

  /** A refusal by the access rules; {@code action} is connect, publish or subscribe. */
  void refused(String action) {
    refused
        .computeIfAbsent(
            action,
            key ->
                Counter.builder("civitas.mqtt.refused")
                    .description("Connections, publishes and subscriptions refused by access rules")
                    .tag("action", key)
                    .register(registry))
        .increment();
  }

  /** A device uplink on its compact topic: stored, invalid or failed. */
  void uplink(String outcome) {
    uplinks
        .computeIfAbsent(
            outcome,
            key ->
                Counter.builder("civitas.mqtt.device.uplinks")
                    .description("Device uplinks on civitas/devices/{id}/up, by outcome")
                    .tag("outcome", key)
                    .register(registry))
        .increment();
  }
}
