package org.civitas.simulator.client;

import java.util.Map;
import java.util.Optional;

/**
 * The simulated city as it now stands on the platform.
 *
 * @param districts districts put
 * @param created devices registered by this run (with their Thing and Datastreams)
 * @param reused devices found registered already, whose credentials were rotated to learn a secret
 * @param credentials every device's credentials by device id, held in memory only
 */
public record ProvisionedCity(
    int districts, int created, int reused, Map<String, Credentials> credentials) {
  public ProvisionedCity {
    credentials = Map.copyOf(credentials);
  }

  public int devices() {
    return credentials.size();
  }

  public Optional<Credentials> credentials(String deviceId) {
    return Optional.ofNullable(credentials.get(deviceId));
  }
}
