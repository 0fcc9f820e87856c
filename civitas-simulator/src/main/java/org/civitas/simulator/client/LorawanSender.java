package org.civitas.simulator.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.Reading;
import org.civitas.simulator.random.RandomStreams;

/**
 * A LoRaWAN device as a network server delivers it: each reading becomes the binary frame of its
 * byte layout, wrapped in a ChirpStack v4 {@code up} event (JSON) posted to {@code
 * /api/v1/lorawan/chirpstack?event=up} with the webhook secret header, the way ChirpStack's HTTP
 * integration posts it: a deduplication id, the time, the device's DevEUI, a frame counter that
 * increases per device, its FPort, the base64 payload and the gateway receptions with RSSI and SNR.
 *
 * <p>The frame counters live in memory, one per device (a few hundred entries however long the
 * run).
 */
final class LorawanSender implements Sender {
  static final String SECRET_HEADER = "X-Civitas-Webhook-Secret";
  private static final int F_PORT = 2;

  private final HttpClient client;
  private final URI webhook;
  private final String secret;
  private final Map<String, AtomicInteger> frameCounters = new ConcurrentHashMap<>();

  LorawanSender(HttpClient client, URI base, String secret) {
    this.client = client;
    this.webhook = URI.create(base + "/api/v1/lorawan/chirpstack?event=up");
    this.secret = secret;
  }

  @Override
  public CompletableFuture<Void> send(Device device, Credentials credentials, Reading reading) {
    int fCnt =
        frameCounters.computeIfAbsent(device.id(), id -> new AtomicInteger()).getAndIncrement();
    byte[] body = upEvent(device, credentials, reading, fCnt);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(webhook)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (secret != null) {
      request.header(SECRET_HEADER, secret);
    }
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .thenAccept(response -> requireSuccess(response, "LoRaWAN webhook"));
  }

  /** The ChirpStack v4 {@code up} event of one uplink. */
  static byte[] upEvent(Device device, Credentials credentials, Reading reading, int fCnt) {
    ObjectNode up = PlatformHttp.JSON.createObjectNode();
    up.put(
        "deduplicationId",
        UUID.nameUUIDFromBytes(
                (device.id() + ":" + fCnt + ":" + reading.time()).getBytes(StandardCharsets.UTF_8))
            .toString());
    up.put("time", reading.time().toString());
    up.putObject("deviceInfo")
        .put("tenantName", "Brennhaven")
        .put("applicationName", "brennhaven-" + device.kind().idPrefix())
        .put("deviceProfileName", Payloads.profileName(device))
        .put("deviceName", device.id())
        .put("devEui", credentials.devEui().toLowerCase(Locale.ROOT));
    long key = RandomStreams.key("radio:" + device.id());
    up.put("devAddr", String.format(Locale.ROOT, "%08x", key & 0xffffffffL));
    up.put("adr", true).put("dr", 5).put("fCnt", fCnt).put("fPort", F_PORT);
    up.put("data", Base64.getEncoder().encodeToString(Payloads.frame(device, reading)));
    // A fixed link budget per device (how far it is from its gateway) plus a little fading.
    long fade = Math.floorMod(RandomStreams.key(device.id() + ":" + fCnt), 7);
    int rssi = (int) (-70 - Math.floorMod(key >>> 8, 45) - fade);
    double snr = Math.floorMod(key >>> 16, 20) / 2.0 - 5 - fade / 2.0;
    up.putArray("rxInfo")
        .addObject()
        .put("gatewayId", String.format(Locale.ROOT, "0016c001%08x", Math.floorMod(key >>> 24, 4)))
        .put("time", reading.time().toString())
        .put("rssi", rssi)
        .put("snr", snr)
        .put("channel", Math.floorMod(key, 8))
        .put("crcStatus", "CRC_OK");
    up.putObject("txInfo").put("frequency", 868_100_000 + 200_000 * Math.floorMod(key, 3));
    try {
      return PlatformHttp.JSON.writeValueAsBytes(up);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static void requireSuccess(HttpResponse<String> response, String what) {
    if (response.statusCode() / 100 != 2) {
      String body = response.body();
      throw new PlatformException(
          what
              + " answered "
              + response.statusCode()
              + ": "
              + (body.length() > 300 ? body.substring(0, 300) : body));
    }
  }

  @Override
  public void close() {
    // The HTTP client is shared and closed by its owner.
  }
}
