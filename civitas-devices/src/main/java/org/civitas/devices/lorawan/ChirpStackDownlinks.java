package org.civitas.devices.lorawan;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Queues downlinks through ChirpStack v4's REST API ({@code chirpstack-rest-api}, the gRPC gateway
 * of the ChirpStack API): {@code POST {baseUrl}/api/devices/{devEui}/queue} with {@code
 * {"queueItem": {"devEui", "confirmed", "fPort", "data": base64}}}, authenticated by an API token
 * in {@code Grpc-Metadata-Authorization: Bearer <token>}. ChirpStack answers {@code {"id": uuid}}.
 *
 * <p>Thread-safe; one instance per ChirpStack server.
 */
public final class ChirpStackDownlinks implements LorawanDownlinks {

  private final NetworkServerHttp http;
  private final String apiToken;

  /**
   * @param baseUrl the REST API's root, e.g. {@code http://chirpstack-rest-api:8090}
   * @param apiToken an API token made in ChirpStack under Tenant or Network server → API keys
   * @param timeout how long to wait to connect and for the answer
   */
  public ChirpStackDownlinks(URI baseUrl, String apiToken, Duration timeout) {
    Objects.requireNonNull(apiToken, "apiToken");
    if (apiToken.isBlank()) {
      throw new IllegalArgumentException("the ChirpStack API token must not be blank");
    }
    this.http = new NetworkServerHttp("ChirpStack", baseUrl, timeout);
    this.apiToken = apiToken;
  }

  /** Queues the downlink; {@link Downlink#device()} is the DevEUI. */
  @Override
  public CompletableFuture<DownlinkReceipt> enqueue(Downlink downlink) {
    String devEui = downlink.device().toLowerCase(Locale.ROOT);
    if (devEui.length() != 16 || !devEui.chars().allMatch(HexFormat::isHexDigit)) {
      throw new IllegalArgumentException(
          "a ChirpStack downlink names its device by DevEUI (16 hex digits), not \""
              + downlink.device()
              + "\"");
    }
    ObjectNode body = EventJson.MAPPER.createObjectNode();
    body.putObject("queueItem")
        .put("devEui", devEui)
        .put("confirmed", downlink.confirmed())
        .put("fPort", downlink.fPort())
        .put("data", Base64.getEncoder().encodeToString(downlink.payload()));
    return http.post(
        http.url("/api/devices/" + devEui + "/queue"),
        Map.of("Grpc-Metadata-Authorization", "Bearer " + apiToken),
        body,
        downlink.device(),
        answer ->
            new DownlinkReceipt(
                downlink.device(),
                answer.path("id").isTextual()
                    ? Optional.of(answer.get("id").asText())
                    : Optional.empty()));
  }

  @Override
  public String toString() {
    return "ChirpStackDownlinks[" + http.url("") + "]";
  }
}
