package org.civitas.server.tasking;

import java.util.concurrent.CompletableFuture;
import org.civitas.sensing.model.Json;

/**
 * Queues a Task as a LoRaWAN downlink, for Tasks whose TaskingCapability asks for {@link
 * DeliveryTarget.Lorawan}. The devices module provides it when a network server is configured
 * ({@link org.civitas.server.sensing.SensingApi#sendDownlinksWith}).
 */
@FunctionalInterface
public interface DownlinkSender {

  /**
   * Encodes {@code taskingParameters} for the device and queues them at its network server.
   *
   * @param taskingParameters the Task's parameters (a JSON object), or null when it has none
   * @return completes once the network server has accepted the queue item, or fails with why: an
   *     {@link org.civitas.error.InvalidInputException} when the parameters cannot be encoded or
   *     the network server refused the downlink itself (no retry can help), anything else when a
   *     later attempt may succeed
   */
  CompletableFuture<Void> send(DeliveryTarget.Lorawan target, Json taskingParameters);
}
