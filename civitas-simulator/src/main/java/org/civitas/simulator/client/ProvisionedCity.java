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
 * @param rules the demo's rules standing on the platform ({@link CityRules})
 * @param rulesChanged of those, the rules this run created or changed (a new version)
 */
public record ProvisionedCity(
    int districts,
    int created,
    int reused,
    Map<String, Credentials> credentials,
    int rules,
    int rulesChanged) {
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
