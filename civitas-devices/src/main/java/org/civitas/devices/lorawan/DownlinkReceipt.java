package org.civitas.devices.lorawan;

import java.util.Objects;
import java.util.Optional;

/**
 * The network server queued a downlink. Queued is not sent: a class A device receives it after its
 * next uplink.
 *
 * @param device the device as the downlink named it
 * @param queueItemId the network server's id of the queued item (ChirpStack gives one, TTS does
 *     not)
 */
public record DownlinkReceipt(String device, Optional<String> queueItemId) {
  public DownlinkReceipt {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(queueItemId, "queueItemId");
  }
}
