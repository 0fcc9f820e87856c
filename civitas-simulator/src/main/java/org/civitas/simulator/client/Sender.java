package org.civitas.simulator.client;

import java.util.concurrent.CompletableFuture;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Reading;

/**
 * Sends readings of devices of one protocol to the platform. A send completes when the platform
 * acknowledged the reading (HTTP 2xx, MQTT PUBACK) and fails otherwise; it never blocks.
 * Thread-safe.
 */
sealed interface Sender extends AutoCloseable permits HttpSender, MqttSender, LorawanSender {

  CompletableFuture<Void> send(Device device, Credentials credentials, Reading reading);

  @Override
  void close();
}
