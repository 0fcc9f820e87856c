package org.civitas.devices.store;

/** Whether a device may send: a revoked device is refused by every connector at once. */
public enum DeviceState {
  ACTIVE,
  REVOKED
}
