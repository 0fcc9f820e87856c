package org.civitas.devices.lorawan;

import java.util.Objects;

/**
 * Bytes to send to a device on its next receive window.
 *
 * @param device how the network server names the device: the DevEUI (16 hex digits) for ChirpStack,
 *     the end-device ID for The Things Stack
 * @param fPort the application port, 1 to 223
 * @param payload the FRMPayload; the network server refuses it if it exceeds what the device's data
 *     rate allows
 * @param confirmed whether the device must acknowledge it
 */
public record Downlink(String device, int fPort, byte[] payload, boolean confirmed) {

  public Downlink {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(payload, "payload");
    if (device.isBlank()) {
      throw new IllegalArgumentException("a downlink needs a device");
    }
    if (fPort < 1 || fPort > 223) {
      throw new IllegalArgumentException("a downlink's FPort must be 1 to 223, was " + fPort);
    }
    payload = payload.clone();
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }
}
