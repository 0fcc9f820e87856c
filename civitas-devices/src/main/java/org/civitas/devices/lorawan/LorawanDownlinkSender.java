package org.civitas.devices.lorawan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.civitas.devices.codec.Codecs;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Json;
import org.civitas.server.tasking.DeliveryTarget;
import org.civitas.server.tasking.DownlinkSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers Tasks as LoRaWAN downlinks: the Task's taskingParameters are encoded by the codec of the
 * device's profile ({@link Codecs#encode}) and queued at the network server, ChirpStack by the
 * device's DevEUI, The Things Stack by the device's id as its end-device ID.
 *
 * <p>Which network server: the one the delivery names ({@code "network": "chirpstack"|"tts"}), else
 * the only one configured; with both configured a delivery must name one.
 *
 * <p>Thread-safe. {@link #send} never throws: every failure is in the future it returns.
 */
public final class LorawanDownlinkSender implements DownlinkSender {
  private static final Logger log = LoggerFactory.getLogger(LorawanDownlinkSender.class);

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final DeviceRegistry registry;
  private final Optional<LorawanDownlinks> chirpstack;
  private final Optional<LorawanDownlinks> tts;

  /**
   * @param chirpstack the ChirpStack client, if configured
   * @param tts the The Things Stack client, if configured; at least one of the two
   */
  public LorawanDownlinkSender(
      DeviceRegistry registry,
      Optional<LorawanDownlinks> chirpstack,
      Optional<LorawanDownlinks> tts) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.chirpstack = Objects.requireNonNull(chirpstack, "chirpstack");
    this.tts = Objects.requireNonNull(tts, "tts");
    if (chirpstack.isEmpty() && tts.isEmpty()) {
      throw new IllegalArgumentException("downlinks need ChirpStack or The Things Stack");
    }
  }

  @Override
  public CompletableFuture<Void> send(DeliveryTarget.Lorawan target, Json taskingParameters) {
    try {
      Device device =
          registry
              .find(target.device())
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "no device with id " + target.device(), DeliveryTarget.FIELD));
      if (!device.active()) {
        throw new ConflictException(
            "device " + device.id() + " is revoked; it gets no downlinks", DeliveryTarget.FIELD);
      }
      boolean useTts = useTts(target);
      byte[] payload = Codecs.encode(profileOf(device), values(taskingParameters));
      String address = useTts ? device.id() : devEui(device);
      LorawanDownlinks downlinks = useTts ? tts.orElseThrow() : chirpstack.orElseThrow();
      return downlinks
          .enqueue(new Downlink(address, target.fPort(), payload, target.confirmed()))
          .thenAccept(
              receipt ->
                  log.debug(
                      "downlink for device {} queued at {} ({} bytes, FPort {}, item {})",
                      device.id(),
                      useTts ? "The Things Stack" : "ChirpStack",
                      payload.length,
                      target.fPort(),
                      receipt.queueItemId().orElse("-")));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private boolean useTts(DeliveryTarget.Lorawan target) {
    if (target.network() == null) {
      if (chirpstack.isPresent() && tts.isPresent()) {
        throw new InvalidInputException(
            "both ChirpStack and The Things Stack are configured; the delivery must name its"
                + " network (\"network\": \"chirpstack\" or \"tts\")",
            DeliveryTarget.FIELD + "/lorawan/network");
      }
      return tts.isPresent();
    }
    boolean wantsTts = target.network().equals("tts");
    if ((wantsTts ? tts : chirpstack).isEmpty()) {
      throw new InvalidInputException(
          "the delivery names network "
              + target.network()
              + ", which is not configured (lorawan."
              + target.network()
              + ".url)",
          DeliveryTarget.FIELD + "/lorawan/network");
    }
    return wantsTts;
  }

  private DeviceProfile profileOf(Device device) {
    if (device.profile() == null) {
      return null;
    }
    return registry
        .profile(device.profile())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "device "
                        + device.id()
                        + " names profile "
                        + device.profile()
                        + ", which does not exist",
                    "profile"));
  }

  private static String devEui(Device device) {
    if (device.devEui() == null) {
      throw new InvalidInputException(
          "device " + device.id() + " has no DevEUI; ChirpStack addresses devices by DevEUI",
          "devEui");
    }
    return device.devEui();
  }

  private static Map<String, Object> values(Json parameters) {
    if (parameters == null) {
      return Map.of();
    }
    JsonNode node = org.civitas.server.http.JsonCodec.readTree(parameters.text());
    if (!node.isObject()) {
      throw new InvalidInputException(
          "the taskingParameters of a Task are a JSON object", "taskingParameters");
    }
    return EventJson.MAPPER.convertValue(node, MAP);
  }
}
