package org.civitas.devices.ingest;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One message from a device, as a connector (MQTT, HTTP, a LoRaWAN network server) hands it to the
 * ingest pipeline after authenticating the sender. The payload is still encoded: the pipeline
 * decodes it with the codec of the device's profile.
 *
 * @param deviceId the registered device it comes from
 * @param payload the bytes the device sent (JSON, Cayenne LPP, a byte layout...)
 * @param receivedAt when Civitas (or the network server) received it; the phenomenonTime of its
 *     readings unless {@code measuredAt} is given
 * @param measuredAt when the device says it measured, if it says so
 * @param messageId a key that is the same each time the same message is delivered again (a LoRaWAN
 *     frame counter with the DevEUI, an id in the payload): repeats are stored once
 * @param radio link and battery data for device health
 */
public record Uplink(
    String deviceId,
    byte[] payload,
    Instant receivedAt,
    Optional<Instant> measuredAt,
    Optional<String> messageId,
    Radio radio) {

  public Uplink {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(measuredAt, "measuredAt");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(radio, "radio");
  }
}
