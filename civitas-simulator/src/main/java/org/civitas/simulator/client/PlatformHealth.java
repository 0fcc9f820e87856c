package org.civitas.simulator.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's device-health report, as the simulator asks for it after a backfill: {@code POST
 * /api/v1/devices/health/assess} assesses every device at once, so the report shows what the
 * replayed period planted without waiting for the next scheduled assessment.
 */
public final class PlatformHealth {
  private final PlatformHttp http;

  public PlatformHealth(HttpClient client, Target target) {
    this.http = new PlatformHttp(client, target);
  }

  /**
   * Assesses every device now; answers how many devices are in each state (by the report's label:
   * {@code ok}, {@code silent}, {@code stuck}, ...), in the report's order.
   *
   * @throws PlatformException when the platform refuses or cannot be reached
   */
  public Map<String, Integer> assessNow() {
    // The state filter only keeps the answer short: the counts cover every device.
    JsonNode counts =
        http.post(
                "/api/v1/devices/health/assess?state=silent",
                PlatformHttp.JSON.createObjectNode(),
                200)
            .body()
            .path("counts");
    Map<String, Integer> byState = new LinkedHashMap<>();
    counts.properties().forEach(entry -> byState.put(entry.getKey(), entry.getValue().asInt()));
    return byState;
  }
}
