/**
 * The device registry's storage API: registered devices ({@link org.civitas.devices.store.Device}),
 * their profiles ({@link org.civitas.devices.store.DeviceProfile}), their credential hashes and
 * their activity, behind {@link org.civitas.devices.store.DeviceStore}. Secrets never reach this
 * package: only their hashes do.
 */
package org.civitas.devices.store;
