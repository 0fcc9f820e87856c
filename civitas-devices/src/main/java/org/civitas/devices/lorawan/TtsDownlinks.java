package org.civitas.devices.lorawan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Queues downlinks through a The Things Stack v3 webhook's downlink API: {@code POST
 * {baseUrl}/api/v3/as/applications/{app}/webhooks/{webhook}/devices/{device}/down/push} (or {@code
 * .../down/replace}, which first empties the device's queue) with {@code {"downlinks":
 * [{"frm_payload": base64, "f_port", "priority": "NORMAL", "confirmed"}]}}, authenticated by an API
 * key with the right to write downlink traffic in {@code Authorization: Bearer <key>}. These are
 * the URLs TTS itself announces in the {@code X-Downlink-Push} and {@code X-Downlink-Replace}
 * headers of every webhook request, with the key in {@code X-Downlink-Apikey}; Civitas builds them
 * from its own configuration rather than trusting URLs that arrive in requests.
 *
 * <p>Thread-safe; one instance per TTS application and webhook.
 */
public final class TtsDownlinks implements LorawanDownlinks {

  private final NetworkServerHttp http;
  private final String applicationId;
  private final String webhookId;
  private final String apiKey;

  /**
   * @param baseUrl the cluster's root, e.g. {@code https://eu1.cloud.thethings.network}
   * @param applicationId the TTS application ID
   * @param webhookId the ID of the webhook that delivers this application's uplinks to Civitas
   * @param apiKey an application API key with "Write downlink application traffic"
   * @param timeout how long to wait to connect and for the answer
   */
  public TtsDownlinks(
      URI baseUrl, String applicationId, String webhookId, String apiKey, Duration timeout) {
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(webhookId, "webhookId");
    Objects.requireNonNull(apiKey, "apiKey");
    if (applicationId.isBlank() || webhookId.isBlank() || apiKey.isBlank()) {
      throw new IllegalArgumentException(
          "The Things Stack downlinks need an application ID, a webhook ID and an API key");
    }
    this.http = new NetworkServerHttp("The Things Stack", baseUrl, timeout);
    this.applicationId = applicationId;
    this.webhookId = webhookId;
    this.apiKey = apiKey;
  }

  /** Adds the downlink to the device's queue; {@link Downlink#device()} is the end-device ID. */
  @Override
  public CompletableFuture<DownlinkReceipt> enqueue(Downlink downlink) {
    return send(downlink, "push");
  }

  /** Replaces whatever the device's queue holds by this one downlink. */
  public CompletableFuture<DownlinkReceipt> replace(Downlink downlink) {
    return send(downlink, "replace");
  }

  private CompletableFuture<DownlinkReceipt> send(Downlink downlink, String operation) {
    ObjectNode body = EventJson.MAPPER.createObjectNode();
    ObjectNode item = body.putArray("downlinks").addObject();
    item.put("frm_payload", Base64.getEncoder().encodeToString(downlink.payload()))
        .put("f_port", downlink.fPort())
        .put("priority", "NORMAL");
    if (downlink.confirmed()) {
      item.put("confirmed", true);
    }
    URI url =
        http.url(
            "/api/v3/as/applications/%s/webhooks/%s/devices/%s/down/%s"
                .formatted(
                    NetworkServerHttp.segment(applicationId),
                    NetworkServerHttp.segment(webhookId),
                    NetworkServerHttp.segment(downlink.device()),
                    operation));
    return http.post(
        url,
        Map.of("Authorization", "Bearer " + apiKey),
        body,
        downlink.device(),
        answer -> new DownlinkReceipt(downlink.device(), Optional.empty()));
  }

  @Override
  public String toString() {
    return "TtsDownlinks["
        + http.url("")
        + ", application="
        + applicationId
        + ", webhook="
        + webhookId
        + "]";
  }
}
