package org.civitas.devices.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The storage API of the device registry. One implementation per engine family (the JDBC one of
 * {@code civitas-storage} serves the embedded engine and PostgreSQL, in the same database as the
 * sensing store); every behaviour is pinned by the device store contract tests.
 *
 * <p>Rules the store keeps, whatever its caller checks first:
 *
 * <ul>
 *   <li>A device's Thing must exist; deleting the Thing deletes the device, its credential and its
 *       activity (a device is that Thing's sensor hardware: without it, it has nothing to feed).
 *   <li>A device's profile must exist; a profile in use cannot be deleted (there is no deletion).
 *   <li>Device ids, DevEUIs and credential hashes are unique.
 *   <li>A revoked device keeps its row (its history) but loses its credential hash: it can never
 *       authenticate again.
 * </ul>
 *
 * <p>Thread-safe. Every call is its own transaction and sees committed data. The store does not
 * check that a field's Datastream belongs to the device's Thing: that is the registry's rule.
 */
public interface DeviceStore {

  /**
   * Creates all the devices in one transaction, or none.
   *
   * @throws org.civitas.error.ConflictException naming {@code id} or {@code devEui} when one is
   *     taken (by a stored device or another in the list)
   * @throws org.civitas.error.InvalidInputException naming {@code thingId} or {@code profile} when
   *     the Thing or the profile does not exist
   */
  void create(List<Registration> registrations);

  /** Creates one device; as {@link #create(List)}. */
  default void create(Registration registration) {
    create(List.of(registration));
  }

  Optional<Device> find(String id);

  /** The device with this DevEUI (any case), active or revoked. */
  Optional<Device> findByDevEui(String devEui);

  /** The active device whose credential has this hash. */
  Optional<Device> findByCredentialHash(String credentialHash);

  /** The hash of the device's credential; empty when it does not exist or is revoked. */
  Optional<String> credentialHash(String id);

  /** One page of devices, ordered by id. */
  List<Device> list(DeviceQuery query);

  /**
   * Replaces what may change of a device: name, profile, district, DevEUI, fields and expected
   * interval. Its id, Thing, state and times stay.
   *
   * @throws org.civitas.error.NotFoundException when there is no such device
   * @throws org.civitas.error.ConflictException naming {@code devEui} when another device has it
   */
  void update(Device device);

  /**
   * Replaces the credential of an active device: the old one stops working at once.
   *
   * @throws org.civitas.error.NotFoundException when there is no such device
   * @throws org.civitas.error.ConflictException when it is revoked
   */
  void replaceCredentialHash(String id, String credentialHash);

  /**
   * Revokes a device at {@code at}: its credential is dropped. Revoking a revoked device changes
   * nothing.
   *
   * @return the device as stored afterwards
   * @throws org.civitas.error.NotFoundException when there is no such device
   */
  Device revoke(String id, Instant at);

  /** Creates or replaces a profile. */
  void saveProfile(DeviceProfile profile);

  Optional<DeviceProfile> findProfile(String name);

  /** Every profile, ordered by name. */
  List<DeviceProfile> listProfiles();

  /**
   * Adds activity gathered since the last call (see {@link DeviceActivity}), in one transaction.
   * Activity of a device that no longer exists is dropped. Meant for a batch every few seconds, not
   * a write per uplink.
   */
  void recordActivity(Collection<DeviceActivity> activity);

  /** The activity stored for a device; empty before its first recorded uplink. */
  Optional<DeviceActivity> activity(String id);
}
