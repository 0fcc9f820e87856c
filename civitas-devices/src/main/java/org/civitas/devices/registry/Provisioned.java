package org.civitas.devices.registry;

import java.util.Objects;
import org.civitas.devices.store.Device;

/**
 * A device with its new secret: the only time the secret is known to Civitas in clear. Hand it to
 * the device (or the operator) and drop it.
 */
public record Provisioned(Device device, String secret) {
  public Provisioned {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(secret, "secret");
  }

  @Override
  public String toString() {
    // Never in a log line by accident.
    return "Provisioned[device=" + device.id() + ", secret=(hidden)]";
  }
}
