package org.civitas.mqtt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the broker asks of the city's device registry: who a connecting device is, whether it is
 * still active, which Datastreams it may write, and where its uplinks go. A port, so that the
 * broker's access rules do not depend on how devices are stored; {@link RegistryDevices} is the
 * implementation over {@code civitas-devices}, {@link #NONE} a city without devices.
 *
 * <p>Implementations are thread-safe and answer from memory most of the time: the broker calls
 * {@link #active} and {@link #mayWrite} for every publish.
 */
public interface MqttDevices {

  /**
   * The device whose id and secret these are, if it is registered and active; the secret is
   * compared in constant time.
   */
  Optional<String> authenticate(String deviceId, String secret);

  /** Whether the device is registered and not revoked. */
  boolean active(String deviceId);

  /** Whether the device may write Observations to the Datastream (one of its Thing's). */
  boolean mayWrite(String deviceId, long datastreamId);

  /**
   * Takes one uplink the device published on its compact topic.
   *
   * @return a future completing once its Observations are committed
   * @throws org.civitas.error.InvalidInputException when the payload does not fit the device's
   *     codec or feeds no Datastream
   * @throws org.civitas.error.ConflictException when the device is revoked
   * @throws org.civitas.error.UnavailableException when the ingest queue is full or storage down
   */
  CompletableFuture<?> uplink(String deviceId, byte[] payload);

  /** No devices: every client with credentials is refused. */
  MqttDevices NONE =
      new MqttDevices() {
        @Override
        public Optional<String> authenticate(String deviceId, String secret) {
          return Optional.empty();
        }

        @Override
        public boolean active(String deviceId) {
          return false;
        }

        @Override
        public boolean mayWrite(String deviceId, long datastreamId) {
          return false;
        }

        @Override
        public CompletableFuture<?> uplink(String deviceId, byte[] payload) {
          throw new org.civitas.error.NotFoundException(
              "no device with id " + deviceId, "deviceId");
        }
      };
}
