package org.civitas.server.tasking;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes a message on the platform's MQTT broker, for Tasks delivered over MQTT. The broker
 * module provides it once it runs ({@link org.civitas.server.sensing.SensingApi#publishTasksWith}).
 */
@FunctionalInterface
public interface DevicePublisher {

  /**
   * Publishes {@code json} on {@code topic} with QoS 1.
   *
   * @return completes once the broker has accepted the message, or fails
   */
  CompletableFuture<Void> publish(String topic, byte[] json);
}
