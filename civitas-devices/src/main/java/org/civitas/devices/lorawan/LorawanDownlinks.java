package org.civitas.devices.lorawan;

import java.util.concurrent.CompletableFuture;

/**
 * Queues downlinks at a LoRaWAN network server. Implementations are thread-safe.
 *
 * <p>The future fails (with a {@link java.util.concurrent.CompletionException} around it when
 * joined) with an {@link org.civitas.error.InvalidInputException} when the network server refused
 * the downlink itself (HTTP 400), a {@link org.civitas.error.NotFoundException} when it does not
 * know the device (HTTP 404), and an {@link org.civitas.error.UnavailableException} for anything
 * else: no answer in time, a refused API key, a server error. Each message quotes what the network
 * server answered.
 */
public interface LorawanDownlinks {

  CompletableFuture<DownlinkReceipt> enqueue(Downlink downlink);
}
