package org.civitas.server.tasking;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;

/**
 * Where the Tasks of a TaskingCapability go, as its {@code properties.delivery} says (a Civitas
 * convention; OGC 17-079 leaves the way to the device open): {@code {"http": {"url": "..."}}} to
 * POST each Task's JSON to a URL, {@code {"mqtt": {"topic": "..."}}} to publish it on the
 * platform's MQTT broker, {@code {"device": {"id": "..."}}} to publish it to a registered device's
 * command topic {@code civitas/devices/<id>/down}, or {@code {"lorawan": {"device": "...", "fPort":
 * 10}}} to queue the Task's parameters as a LoRaWAN downlink to a registered device.
 */
public sealed interface DeliveryTarget {

  /** The field errors about the delivery setting name. */
  String FIELD = "properties/delivery";

  /**
   * The channel's name as recorded on delivered Tasks: {@code http}, {@code mqtt}, {@code lorawan}.
   */
  String channel();

  /** POST the Task as JSON to {@code url}; any 2xx answer means delivered. */
  record Http(URI url) implements DeliveryTarget {
    @Override
    public String channel() {
      return "http";
    }
  }

  /** Publish the Task as JSON on {@code topic} of the embedded broker, QoS 1. */
  record Mqtt(String topic) implements DeliveryTarget {
    @Override
    public String channel() {
      return "mqtt";
    }
  }

  /** Publish the Task as JSON, QoS 1, on the command topic of the registered device {@code id}. */
  record Device(String id) implements DeliveryTarget {
    @Override
    public String channel() {
      return "mqtt";
    }

    /** The MQTT topic the device subscribes to for its commands. */
    public String topic() {
      return "civitas/devices/" + id + "/down";
    }
  }

  /**
   * Queue the Task's parameters, encoded by the device's profile, as a downlink at the LoRaWAN
   * network server; delivered once the network server has accepted the queue item ({@link
   * DownlinkSender}).
   *
   * @param device the id of the registered device (not its DevEUI)
   * @param fPort the application port, 1 to 223
   * @param confirmed whether the device must acknowledge the downlink
   * @param network {@code chirpstack} or {@code tts}, or null for the one network server configured
   */
  record Lorawan(String device, int fPort, boolean confirmed, String network)
      implements DeliveryTarget {
    @Override
    public String channel() {
      return "lorawan";
    }
  }

  /**
   * The target a TaskingCapability's properties name; empty when they name none (its Tasks are
   * stored for the device to read, not sent).
   *
   * @param properties the capability's properties, or null
   * @param prefix where the capability sits in the request, for errors
   * @throws InvalidInputException when {@code delivery} is present but not one of the two forms
   */
  static Optional<DeliveryTarget> of(Json properties, String prefix) {
    if (properties == null) {
      return Optional.empty();
    }
    JsonNode delivery = JsonCodec.readTree(properties.text()).get("delivery");
    if (delivery == null) {
      return Optional.empty();
    }
    String field = prefix + FIELD;
    if (!delivery.isObject() || delivery.size() != 1) {
      throw new InvalidInputException(
          "delivery is an object with one of \"http\": {\"url\": ...}, \"mqtt\": {\"topic\":"
              + " ...}, \"device\": {\"id\": ...} and \"lorawan\": {\"device\": ..., \"fPort\": ...}",
          field);
    }
    JsonNode http = delivery.get("http");
    if (http != null) {
      return Optional.of(new Http(url(http.path("url").asText(""), field + "/http/url")));
    }
    JsonNode mqtt = delivery.get("mqtt");
    if (mqtt != null) {
      String topic = mqtt.path("topic").asText("");
      if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
        throw new InvalidInputException(
            "the MQTT topic of a delivery is a topic name without wildcards",
            field + "/mqtt/topic");
      }
      return Optional.of(new Mqtt(topic));
    }
    JsonNode device = delivery.get("device");
    if (device != null) {
      String id = device.path("id").asText("");
      try {
        return Optional.of(new Device(org.civitas.devices.store.Device.checkId(id)));
      } catch (InvalidInputException e) {
        throw new InvalidInputException(e.getMessage(), field + "/device/id", e);
      }
    }
    JsonNode lorawan = delivery.get("lorawan");
    if (lorawan != null) {
      return Optional.of(lorawan(lorawan, field + "/lorawan"));
    }
    throw new InvalidInputException(
        "delivery names \"http\", \"mqtt\", \"device\" or \"lorawan\", found "
            + delivery.properties().iterator().next().getKey(),
        field);
  }

  private static Lorawan lorawan(JsonNode node, String field) {
    if (!node.isObject()) {
      throw new InvalidInputException(
          "a LoRaWAN delivery is an object {\"device\": ..., \"fPort\": ..., \"confirmed\": ...}",
          field);
    }
    for (var property : node.properties()) {
      String member = property.getKey();
      if (!java.util.Set.of("device", "fPort", "confirmed", "network").contains(member)) {
        throw new InvalidInputException(
            "a LoRaWAN delivery has device, fPort, confirmed and network, found " + member,
            field + "/" + member);
      }
    }
    JsonNode device = node.path("device");
    if (!device.isTextual() || device.asText().isBlank()) {
      throw new InvalidInputException(
          "the device of a LoRaWAN delivery is the id of a registered device", field + "/device");
    }
    JsonNode fPort = node.path("fPort");
    if (!fPort.isIntegralNumber() || fPort.asLong() < 1 || fPort.asLong() > 223) {
      throw new InvalidInputException(
          "the fPort of a LoRaWAN delivery is a whole number from 1 to 223, found " + fPort,
          field + "/fPort");
    }
    JsonNode confirmed = node.path("confirmed");
    if (!confirmed.isMissingNode() && !confirmed.isBoolean()) {
      throw new InvalidInputException(
          "confirmed is true or false, found " + confirmed, field + "/confirmed");
    }
    JsonNode network = node.path("network");
    if (!network.isMissingNode()
        && !("chirpstack".equals(network.asText()) || "tts".equals(network.asText()))) {
      throw new InvalidInputException(
          "the network of a LoRaWAN delivery is chirpstack or tts, found " + network,
          field + "/network");
    }
    return new Lorawan(
        device.asText(),
        fPort.asInt(),
        confirmed.asBoolean(false),
        network.isMissingNode() ? null : network.asText());
  }

  private static URI url(String text, String field) {
    try {
      URI url = new URI(text);
      String scheme = url.getScheme();
      if (url.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
        throw new InvalidInputException(
            "the delivery URL is an absolute http or https URL, was \"" + text + "\"", field);
      }
      return url;
    } catch (URISyntaxException e) {
      throw new InvalidInputException("the delivery URL is not a URL: " + e.getMessage(), field, e);
    }
  }
}
