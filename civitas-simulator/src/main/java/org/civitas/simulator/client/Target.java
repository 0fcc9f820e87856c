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
 * @param apiKey the API key the simulator provisions with ({@code Authorization: Bearer}): every
 *     write to a Civitas needs a principal, and the city's devices, rules and register entries are
 *     written by an operator of each department; null when the target accepts anonymous writes (a
 *     server without the governance gate, in tests of the simulator alone)
 */
public record Target(URI http, URI mqtt, String lorawanSecret, String apiKey) {
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

  /** A target without an API key. */
  public Target(URI http, URI mqtt, String lorawanSecret) {
    this(http, mqtt, lorawanSecret, null);
  }

  /** Never the key or the secret. */
  @Override
  public String toString() {
    return "Target[http=" + http + ", mqtt=" + mqtt + "]";
  }
}
