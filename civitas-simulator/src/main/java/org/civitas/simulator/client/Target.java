package org.civitas.simulator.client;

import java.net.URI;
import java.util.Objects;

/**
 * The Civitas the simulated city reports to, by its public addresses only.
 *
 * @param http the base URL of its HTTP API, e.g. {@code http://localhost:8080}
 * @param mqtt its MQTT broker, {@code tcp://host:port}; null when it has none (MQTT devices then
 *     fail, counted as failures)
 * @param lorawanSecret the LoRaWAN webhook secret it was configured with; null when unknown
 *     (LoRaWAN uplinks are then refused, counted as failures)
 */
public record Target(URI http, URI mqtt, String lorawanSecret) {
  public Target {
    Objects.requireNonNull(http, "http");
    String base = http.toString();
    if (base.endsWith("/")) {
      http = URI.create(base.substring(0, base.length() - 1));
    }
    if (mqtt != null && (mqtt.getHost() == null || mqtt.getPort() < 0)) {
      throw new IllegalArgumentException("an MQTT address is tcp://host:port, was " + mqtt);
    }
  }
}
