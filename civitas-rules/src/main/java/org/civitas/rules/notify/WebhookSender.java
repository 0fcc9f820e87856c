package org.civitas.rules.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.civitas.rules.notify.store.Delivery;
import org.civitas.server.http.JsonCodec;

/**
 * POSTs a delivery to a webhook channel. The body is the event JSON with {@code deliveryId} and
 * {@code timestamp} added, so that both are covered by the signature: a receiver verifies {@code
 * X-Civitas-Signature}, then refuses a timestamp older than its tolerance (e.g. 5 minutes) and a
 * {@code deliveryId} it has already seen (docs/API.md). Any 2xx answer is delivered.
 */
final class WebhookSender {
  static final String DELIVERY_HEADER = "X-Civitas-Delivery";
  static final String TIMESTAMP_HEADER = "X-Civitas-Timestamp";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  SendResult send(NotificationChannel channel, Delivery delivery, Instant now) {
    ObjectNode body = (ObjectNode) JsonCodec.readTree(delivery.payload().text());
    body.put("deliveryId", delivery.id());
    body.put("timestamp", now.toString());
    byte[] raw = JsonCodec.write(body);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(channel.url()))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Civitas-Notifications")
            .header(WebhookSignature.HEADER, WebhookSignature.of(raw, channel.secret()))
            .header(DELIVERY_HEADER, Long.toString(delivery.id()))
            .header(TIMESTAMP_HEADER, Long.toString(now.getEpochSecond()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(raw))
            .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return new SendResult(status / 100 == 2, "HTTP " + status);
    } catch (IOException e) {
      return new SendResult(false, e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new SendResult(false, "interrupted");
    }
  }
}
