package org.civitas.simulator.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Reading;

/**
 * An HTTP device: {@code POST /api/v1/devices/{id}/uplink} with its secret as bearer token and its
 * reading as compact JSON with the measurement time.
 */
final class HttpSender implements Sender {
  private final HttpClient client;
  private final URI base;

  HttpSender(HttpClient client, URI base) {
    this.client = client;
    this.base = base;
  }

  @Override
  public CompletableFuture<Void> send(Device device, Credentials credentials, Reading reading) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/devices/" + device.id() + "/uplink"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + credentials.secret())
            .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.json(device, reading)))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenAccept(response -> LorawanSender.requireSuccess(response, "HTTP uplink"));
  }

  @Override
  public void close() {
    // The HTTP client is shared and closed by its owner.
  }
}
