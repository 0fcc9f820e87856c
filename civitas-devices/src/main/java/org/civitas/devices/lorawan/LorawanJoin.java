package org.civitas.devices.lorawan;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device joined the network (OTAA) and got a new session.
 *
 * @param devEui 16 upper-case hexadecimal digits
 * @param devAddr the device address of the new session, 8 upper-case hexadecimal digits
 * @param receivedAt when the network server reported the join
 * @param networkDeviceId the network server's own name for the device, if given
 */
public record LorawanJoin(
    String devEui, String devAddr, Instant receivedAt, Optional<String> networkDeviceId)
    implements LorawanEvent {

  public LorawanJoin {
    Objects.requireNonNull(devEui, "devEui");
    Objects.requireNonNull(devAddr, "devAddr");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(networkDeviceId, "networkDeviceId");
  }
}
