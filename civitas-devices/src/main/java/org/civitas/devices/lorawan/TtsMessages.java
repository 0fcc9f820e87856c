package org.civitas.devices.lorawan;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.civitas.error.InvalidInputException;

/**
 * Reads the messages a The Things Stack v3 webhook POSTs (JSON format): {@code uplink_message} and
 * {@code join_accept}; the other message types (downlink events, service data, location) are not
 * used by Civitas.
 *
 * <p>Stateless and thread-safe. Errors are {@link InvalidInputException}s whose field is the JSON
 * path of the offending part ({@code end_device_ids.dev_eui}, {@code uplink_message.f_port}).
 */
public final class TtsMessages {

  private static final String HINT = "; set the webhook's format to JSON";

  private TtsMessages() {}

  /**
   * Reads a webhook message of any type.
   *
   * @return the uplink or join; empty for the message types Civitas does not use (acknowledge them)
   */
  public static Optional<LorawanEvent> parse(byte[] body) {
    JsonNode root = EventJson.parse(body, "The Things Stack message", HINT);
    if (root.has("uplink_message")) {
      return Optional.of(uplink(root));
    }
    if (root.has("join_accept")) {
      return Optional.of(
          new LorawanJoin(
              devEui(root),
              EventJson.hex(root, "end_device_ids.dev_addr", 8),
              receivedAt(root, "join_accept"),
              EventJson.optionalText(root, "end_device_ids.device_id")));
    }
    return Optional.empty();
  }

  /** Reads an uplink message; anything else is refused. */
  public static LorawanUplink parseUplink(byte[] body) {
    JsonNode root = EventJson.parse(body, "The Things Stack uplink message", HINT);
    if (!root.path("uplink_message").isObject()) {
      throw new InvalidInputException(
          "expected an object at uplink_message, found "
              + EventJson.describe(root.path("uplink_message")),
          "uplink_message");
    }
    return uplink(root);
  }

  private static LorawanUplink uplink(JsonNode root) {
    JsonNode up = root.path("uplink_message");
    JsonNode rx = up.path("rx_metadata");
    if (!rx.isMissingNode() && !rx.isArray()) {
      throw new InvalidInputException(
          "expected an array at uplink_message.rx_metadata, found " + EventJson.describe(rx),
          "uplink_message.rx_metadata");
    }
    int best = rx.isArray() ? EventJson.best(rx, "uplink_message.rx_metadata") : -1;
    JsonNode bestRx = best < 0 ? EventJson.MAPPER.missingNode() : rx.get(best);
    String bestPath = "uplink_message.rx_metadata[" + best + "]";
    Optional<Double> battery =
        EventJson.optionalNumber(
            up.path("last_battery_percentage").path("value"),
            "uplink_message.last_battery_percentage.value");
    if (battery.isPresent() && (battery.get() < 0 || battery.get() > 100)) {
      throw new InvalidInputException(
          "expected a percentage from 0 to 100 at uplink_message.last_battery_percentage.value, found "
              + battery.get(),
          "uplink_message.last_battery_percentage.value");
    }
    return new LorawanUplink(
        devEui(root),
        EventJson.optionalHex(root, "end_device_ids.dev_addr", 8),
        EventJson.optionalText(root, "end_device_ids.application_ids.application_id"),
        EventJson.optionalText(root, "end_device_ids.device_id"),
        (int) EventJson.unsigned(root, "uplink_message.f_port", 255),
        EventJson.unsigned(root, "uplink_message.f_cnt", 0xFFFF_FFFFL),
        EventJson.base64(root, "uplink_message.frm_payload"),
        receivedAt(root, "uplink_message"),
        EventJson.optionalNumber(bestRx.path("rssi"), bestPath + ".rssi"),
        EventJson.optionalNumber(bestRx.path("snr"), bestPath + ".snr"),
        rx.isArray() ? rx.size() : 0,
        battery,
        EventJson.bool(root, "uplink_message.confirmed"));
  }

  private static String devEui(JsonNode root) {
    if (EventJson.at(root, "end_device_ids.dev_eui").isMissingNode()) {
      throw new InvalidInputException(
          "expected the DevEUI at end_device_ids.dev_eui, found nothing; give the end device a DevEUI in The Things Stack",
          "end_device_ids.dev_eui");
    }
    return EventJson.eui(root, "end_device_ids.dev_eui");
  }

  /** The network server's reception time of the message part, else the Application Server's. */
  private static Instant receivedAt(JsonNode root, String part) {
    String inner = part + ".received_at";
    return EventJson.at(root, inner).isMissingNode()
        ? EventJson.instant(root, "received_at")
        : EventJson.instant(root, inner);
  }
}
