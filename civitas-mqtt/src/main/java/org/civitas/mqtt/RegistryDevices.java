package org.civitas.mqtt;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.ingest.Radio;
import org.civitas.devices.ingest.Uplink;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.Device;

/**
 * The broker's devices as the {@link DeviceRegistry} knows them, their uplinks going through the
 * one {@link DeviceIngest} pipeline. An MQTT uplink carries no message id and no radio data: its
 * repeats are recognised by the time in its payload ({@code {"t": ..., "v": {...}}}), as {@link
 * DeviceIngest} derives idempotency keys.
 */
public final class RegistryDevices implements MqttDevices {

  private final DeviceRegistry registry;
  private final DeviceIngest ingest;
  private final Clock clock;

  public RegistryDevices(DeviceRegistry registry, DeviceIngest ingest, Clock clock) {
    this.registry = registry;
    this.ingest = ingest;
    this.clock = clock;
  }

  @Override
  public Optional<String> authenticate(String deviceId, String secret) {
    return registry.authenticate(deviceId, secret).map(Device::id);
  }

  @Override
  public boolean active(String deviceId) {
    return registry.find(deviceId).map(Device::active).orElse(false);
  }

  @Override
  public boolean mayWrite(String deviceId, long datastreamId) {
    return registry
        .find(deviceId)
        .filter(Device::active)
        .map(device -> registry.mayWrite(device, datastreamId))
        .orElse(false);
  }

  @Override
  public CompletableFuture<?> uplink(String deviceId, byte[] payload) {
    return ingest.accept(
        new Uplink(
            deviceId, payload, clock.instant(), Optional.empty(), Optional.empty(), Radio.UNKNOWN));
  }
}
