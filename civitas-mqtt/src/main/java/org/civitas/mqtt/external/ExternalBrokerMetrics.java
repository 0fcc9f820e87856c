package org.civitas.mqtt.external;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;

/**
 * The meters of the connection to an external broker: whether it is connected, publishes received
 * by outcome, acknowledgements sent, and messages published by outcome.
 */
final class ExternalBrokerMetrics {

  private final Counter created;
  private final Counter invalid;
  private final Counter own;
  private final Counter failed;
  private final Counter acknowledged;
  private final Counter sent;
  private final Counter unsent;

  ExternalBrokerMetrics(MeterRegistry registry, BooleanSupplier connected) {
    Gauge.builder("civitas.mqtt.external.connected", () -> connected.getAsBoolean() ? 1 : 0)
        .description("1 while connected and subscribed to the external MQTT broker, else 0")
        .register(registry);
    created = received(registry, "created");
    invalid = received(registry, "invalid");
    own = received(registry, "own");
    failed = received(registry, "failed");
    acknowledged =
        Counter.builder("civitas.mqtt.external.acks")
            .description("PUBACKs sent to the external broker (after the commit, or for a drop)")
            .register(registry);
    sent = sent(registry, "sent");
    unsent = sent(registry, "failed");
  }

  private static Counter received(MeterRegistry registry, String outcome) {
    return Counter.builder("civitas.mqtt.external.messages.in")
        .description(
            "Publishes received from the external broker on creation topics, by outcome (failed"
                + " counts each attempt that could not store, retried later)")
        .tag("outcome", outcome)
        .register(registry);
  }

  private static Counter sent(MeterRegistry registry, String outcome) {
    return Counter.builder("civitas.mqtt.external.messages.out")
        .description("Messages published to the external broker (notifications, Tasks)")
        .tag("outcome", outcome)
        .register(registry);
  }

  void created() {
    created.increment();
  }

  void invalid() {
    invalid.increment();
  }

  void own() {
    own.increment();
  }

  void failed() {
    failed.increment();
  }

  void acknowledged() {
    acknowledged.increment();
  }

  void sent() {
    sent.increment();
  }

  void unsent() {
    unsent.increment();
  }
}
