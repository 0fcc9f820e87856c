package org.civitas.devices.store;

import java.util.Objects;

/**
 * A device to create, with the hash of its credential (never the secret itself).
 *
 * @param device the device, {@link DeviceState#ACTIVE}
 * @param credentialHash the hash of its secret as the registry computes it; unique
 */
public record Registration(Device device, String credentialHash) {
  public Registration {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(credentialHash, "credentialHash");
    if (!device.active()) {
      throw new IllegalArgumentException("a device is registered active");
    }
  }
}
