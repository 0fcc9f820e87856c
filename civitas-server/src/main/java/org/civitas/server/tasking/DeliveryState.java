package org.civitas.server.tasking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * How far delivering one Task to its device has come, kept in the Task's {@code
 * properties.delivery} so clients read it with the Task.
 *
 * @param state {@code pending} (not yet delivered; attempts continue, also after a restart), {@code
 *     delivered} or {@code failed} (attempts exhausted)
 * @param channel {@code http} or {@code mqtt}
 * @param attempts how many attempts were made
 * @param lastError why the last attempt failed, or null
 * @param deliveredAt when the device (or the broker) accepted it, or null
 */
public record DeliveryState(
    String state, String channel, int attempts, String lastError, Instant deliveredAt) {

  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";

  public DeliveryState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(channel, "channel");
  }

  static DeliveryState pending(DeliveryTarget target) {
    return new DeliveryState(PENDING, target.channel(), 0, null, null);
  }

  /**
   * The Task's properties with {@code delivery} set to this state, other members kept.
   *
   * @param properties the current properties, or null
   */
  public Json into(Json properties) {
    JsonNode current = properties == null ? null : JsonCodec.readTree(properties.text());
    ObjectNode result =
        current != null && current.isObject() ? (ObjectNode) current : JsonCodec.newObject();
    ObjectNode delivery = result.putObject("delivery");
    delivery.put("state", state);
    delivery.put("channel", channel);
    delivery.put("attempts", attempts);
    if (lastError != null) {
      delivery.put("lastError", lastError);
    }
    if (deliveredAt != null) {
      delivery.put("deliveredAt", deliveredAt.toString());
    }
    return new Json(new String(JsonCodec.write(result), java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The state recorded in a Task's properties, if any. */
  static java.util.Optional<DeliveryState> from(Json properties) {
    if (properties == null) {
      return java.util.Optional.empty();
    }
    JsonNode delivery = JsonCodec.readTree(properties.text()).get("delivery");
    if (delivery == null || !delivery.isObject()) {
      return java.util.Optional.empty();
    }
    JsonNode error = delivery.get("lastError");
    JsonNode at = delivery.get("deliveredAt");
    return java.util.Optional.of(
        new DeliveryState(
            delivery.path("state").asText(""),
            delivery.path("channel").asText(""),
            delivery.path("attempts").asInt(0),
            error == null ? null : error.asText(),
            at == null ? null : Instant.parse(at.asText())));
  }
}
