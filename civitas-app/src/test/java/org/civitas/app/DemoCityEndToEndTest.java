package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.civitas.app.config.CivitasConfig;
import org.civitas.app.config.ConfigLoader;
import org.civitas.app.config.LoadedConfig;
import org.civitas.simulator.Simulation;
import org.civitas.simulator.SimulatorConfig;
import org.civitas.simulator.client.ProvisionedCity;
import org.civitas.simulator.client.Provisioner;
import org.civitas.simulator.client.RunStats;
import org.civitas.simulator.client.SimulationRunner;
import org.civitas.simulator.client.Target;
import org.civitas.simulator.clock.SimulationClock;
import org.civitas.simulator.device.Device;
import org.civitas.simulator.device.DeviceKind;
import org.civitas.simulator.device.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo city against a real node, in-process: {@link RunningCivitas} on free ports of 127.0.0.1
 * (embedded storage and MQTT broker), the simulator provisioning Brennhaven through the public APIs
 * and replaying two simulated hours over MQTT, HTTP and the LoRaWAN webhook.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class DemoCityEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant FROM = SimulatorConfig.DEFAULT_START;

  @TempDir static Path workingDir;

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Simulation simulation =
      Simulation.create(SimulatorConfig.defaults().withFaults(Set.of()));
  private RunningCivitas civitas;
  private Target target;

  @BeforeAll
  void startCivitas() {
    Map<String, String> env = new HashMap<>();
    env.put("CIVITAS_HTTP_HOST", "127.0.0.1");
    env.put("CIVITAS_HTTP_PORT", "0");
    env.put("CIVITAS_MQTT_HOST", "127.0.0.1");
    env.put("CIVITAS_MQTT_PORT", "0");
    env.put("CIVITAS_DATA_DIR", workingDir.resolve("data").toString());
    // The webhook secret setting comes with the LoRaWAN routes (contract 2); set it when it exists.
    CivitasConfig.SETTINGS.stream()
        .filter(s -> s.name().equals(DemoCommand.WEBHOOK_SECRET))
        .forEach(s -> env.put(s.envName(), "brennhaven-test-webhook-secret"));
    LoadedConfig loaded = ConfigLoader.load(Optional.empty(), workingDir, env);
    civitas = RunningCivitas.start(loaded.config());
    target = DemoCommand.target(civitas, loaded);
  }

  @AfterAll
  void stopCivitas() {
    if (civitas != null) {
      civitas.close();
    }
    client.close();
  }

  @Test
  void provisioning_twice_leaves_one_city_with_every_device_once() throws Exception {
    ProvisionedCity first = new Provisioner(simulation, target, client).provision();
    ProvisionedCity second = new Provisioner(simulation, target, client).provision();

    int devices = simulation.devices().size();
    assertThat(first.devices()).isEqualTo(devices);
    assertThat(second.devices()).isEqualTo(devices);
    assertThat(second.created()).isZero();
    assertThat(second.reused()).isEqualTo(devices);
    assertThat(count("/api/v1/devices?top=1000", "value")).isEqualTo(devices);
    assertThat(get("/v1.1/Things?$count=true&$top=1").path("@iot.count").asInt())
        .isEqualTo(devices);
    assertThat(get("/api/v1/districts").path("features")).hasSize(10);
    assertThat(get("/api/v1/districts/Harbour").path("properties").path("population").asInt())
        .isPositive();
  }

  @Test
  void a_replay_brings_observations_of_all_eleven_kinds_over_all_three_protocols()
      throws Exception {
    ProvisionedCity city = new Provisioner(simulation, target, client).provision();
    RunStats stats;
    try (SimulationRunner runner = new SimulationRunner(simulation, target, city, client, 64)) {
      stats =
          runner.run(
              SimulationClock.replay(FROM),
              FROM.plus(Duration.ofHours(2)),
              Duration.ofSeconds(50),
              null);
    }

    SoftAssertions softly = new SoftAssertions();
    for (Protocol protocol : Protocol.values()) {
      softly
          .assertThat(stats.sent(protocol))
          .as("%s readings acknowledged (last failure: %s)", protocol, stats.lastFailure(protocol))
          .isPositive();
      softly
          .assertThat(stats.failed(protocol))
          .as("%s readings failed (last failure: %s)", protocol, stats.lastFailure(protocol))
          .isZero();
    }
    Map<DeviceKind, Device> oneOfEachKind = new EnumMap<>(DeviceKind.class);
    simulation.devices().forEach(d -> oneOfEachKind.putIfAbsent(d.kind(), d));
    assertThat(oneOfEachKind).hasSize(11);
    for (Device device : oneOfEachKind.values()) {
      JsonNode fields = get("/api/v1/devices/" + device.id()).path("fields");
      // A household's meter is personal data: read under its purpose only.
      String purpose =
          device.id().startsWith("water-")
              ? "leak-detection"
              : device.id().startsWith("elec-") ? "grid-planning" : null;
      for (var field : fields.properties()) {
        String observationsPath =
            "/v1.1/Datastreams(" + field.getValue().asLong() + ")/Observations?$count=true&$top=1";
        if (purpose != null) {
          softly
              .assertThat(send(observationsPath, null).statusCode())
              .as("%s read without a purpose", device.id())
              .isEqualTo(403);
        }
        JsonNode observations = get(observationsPath, purpose);
        softly
            .assertThat(observations.path("@iot.count").asInt())
            .as(
                "Observations of %s %s (%s over %s)",
                device.id(), field.getKey(), device.kind(), device.protocol())
            .isPositive();
      }
    }
    softly.assertAll();
  }

  private int count(String path, String member) throws IOException, InterruptedException {
    return get(path).path(member).size();
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return get(path, null);
  }

  /** A read with the simulator's API key, under {@code purpose} when it is not null. */
  private JsonNode get(String path, String purpose) throws IOException, InterruptedException {
    HttpResponse<String> response = send(path, purpose);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> send(String path, String purpose)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target.http() + path))
            .header("Authorization", "Bearer " + target.apiKey());
    if (purpose != null) {
      request.header("Civitas-Purpose", purpose);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
