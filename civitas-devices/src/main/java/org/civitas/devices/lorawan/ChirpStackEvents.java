package org.civitas.devices.lorawan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.civitas.error.InvalidInputException;

/**
 * Reads the events of the ChirpStack v4 HTTP integration: ChirpStack POSTs each event as JSON (the
 * Protobuf JSON mapping of {@code integration.proto}) to the configured endpoint, naming its type
 * in the query parameter {@code event} ({@code up}, {@code join}, {@code status}, {@code ack},
 * {@code txack}, {@code log}, {@code location}, {@code integration}).
 *
 * <p>Stateless and thread-safe. Errors are {@link InvalidInputException}s whose field is the JSON
 * path of the offending part ({@code deviceInfo.devEui}, {@code rxInfo[1].rssi}).
 */
public final class ChirpStackEvents {

  private static final String HINT =
      "; set the ChirpStack HTTP integration's payload encoding to JSON";

  private ChirpStackEvents() {}

  /**
   * Reads an event of the type named by the request's {@code event} query parameter.
   *
   * @return the event for {@code up}, {@code join} and {@code status}; empty for the other types,
   *     which Civitas does not use (acknowledge them so that ChirpStack does not retry)
   * @throws InvalidInputException (field {@code event}) when the type is missing
   */
  public static Optional<LorawanEvent> parse(String event, byte[] body) {
    if (event == null || event.isBlank()) {
      throw new InvalidInputException(
          "ChirpStack names the event type in the query parameter event (up, join, status...); it is missing",
          "event");
    }
    return switch (event) {
      case "up" -> Optional.of(parseUp(body));
      case "join" -> Optional.of(parseJoin(body));
      case "status" -> Optional.of(parseStatus(body));
      default -> Optional.empty();
    };
  }

  /** Reads an {@code up} event (UplinkEvent). */
  public static LorawanUplink parseUp(byte[] body) {
    JsonNode root = EventJson.parse(body, "ChirpStack up event", HINT);
    JsonNode rxInfo = root.path("rxInfo");
    if (!rxInfo.isMissingNode() && !rxInfo.isArray()) {
      throw new InvalidInputException(
          "expected an array at rxInfo, found " + EventJson.describe(rxInfo), "rxInfo");
    }
    int best = rxInfo.isArray() ? EventJson.best(rxInfo, "rxInfo") : -1;
    JsonNode bestRx = best < 0 ? EventJson.MAPPER.missingNode() : rxInfo.get(best);
    String bestPath = "rxInfo[" + best + "]";
    return new LorawanUplink(
        EventJson.eui(root, "deviceInfo.devEui"),
        EventJson.optionalHex(root, "devAddr", 8),
        EventJson.optionalText(root, "deviceInfo.applicationId"),
        EventJson.optionalText(root, "deviceInfo.deviceName"),
        (int) EventJson.unsigned(root, "fPort", 255),
        EventJson.unsigned(root, "fCnt", 0xFFFF_FFFFL),
        EventJson.base64(root, "data"),
        EventJson.instant(root, "time"),
        EventJson.optionalNumber(bestRx.path("rssi"), bestPath + ".rssi"),
        EventJson.optionalNumber(bestRx.path("snr"), bestPath + ".snr"),
        rxInfo.isArray() ? rxInfo.size() : 0,
        Optional.empty(),
        EventJson.bool(root, "confirmed"));
  }

  /** Reads a {@code join} event (JoinEvent). */
  public static LorawanJoin parseJoin(byte[] body) {
    JsonNode root = EventJson.parse(body, "ChirpStack join event", HINT);
    return new LorawanJoin(
        EventJson.eui(root, "deviceInfo.devEui"),
        EventJson.hex(root, "devAddr", 8),
        EventJson.instant(root, "time"),
        EventJson.optionalText(root, "deviceInfo.deviceName"));
  }

  /**
   * Reads a {@code status} event (StatusEvent). ChirpStack reports the battery as a percentage
   * ({@code batteryLevel}); it is absent from the result when {@code batteryLevelUnavailable} or
   * {@code externalPowerSource} is set, since ChirpStack then sends a meaningless level of 0.
   */
  public static LorawanStatus parseStatus(byte[] body) {
    JsonNode root = EventJson.parse(body, "ChirpStack status event", HINT);
    boolean external = EventJson.bool(root, "externalPowerSource");
    boolean unavailable = EventJson.bool(root, "batteryLevelUnavailable");
    Optional<Double> level = EventJson.optionalNumber(root.path("batteryLevel"), "batteryLevel");
    if (level.isPresent() && (level.get() < 0 || level.get() > 100)) {
      throw new InvalidInputException(
          "expected a percentage from 0 to 100 at batteryLevel, found " + level.get(),
          "batteryLevel");
    }
    Optional<Double> battery =
        external || unavailable ? Optional.empty() : Optional.of(level.orElse(0.0));
    return new LorawanStatus(
        EventJson.eui(root, "deviceInfo.devEui"),
        EventJson.instant(root, "time"),
        (int) EventJson.signed(root, "margin"),
        external,
        battery);
  }
}
