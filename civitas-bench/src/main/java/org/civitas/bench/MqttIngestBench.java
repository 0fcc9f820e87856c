package org.civitas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.civitas.app.RunningCivitas;
import org.civitas.app.config.CivitasConfig;
import org.civitas.app.config.ConfigLoader;

/**
 * Sustained MQTT ingest from many simulated devices (issue 4): each device connects to the embedded
 * broker with its own credentials and publishes QoS 1 uplinks in the compact JSON format on {@code
 * civitas/devices/{id}/up}, keeping a fixed number in flight (closed loop: the next uplink leaves
 * when a PUBACK comes back, and a PUBACK comes only after the commit). Prints observations/s,
 * PUBACK latency p50/p99 and the memory the process holds.
 *
 * <p>The whole node runs as {@code civitas serve} wires it ({@link RunningCivitas}), in this JVM,
 * beside the load generator: the figures are for one 2-core machine doing both.
 */
final class MqttIngestBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int devices;
  private final int inFlight;
  private final int warmupSeconds;
  private final int seconds;
  private final boolean timed;

  /**
   * @param timed whether each uplink carries its own time ({@code {"t":...,"v":{...}}}): the
   *     realistic case, which also gives each Observation an idempotency key
   */
  MqttIngestBench(int devices, int inFlight, int warmupSeconds, int seconds, boolean timed) {
    this.devices = devices;
    this.inFlight = inFlight;
    this.warmupSeconds = warmupSeconds;
    this.seconds = seconds;
    this.timed = timed;
  }

  /** Runs against a node on the given storage environment ({@code CIVITAS_STORAGE_*}). */
  void run(Map<String, String> storageEnv, Path dataDir) throws Exception {
    Map<String, String> env = new HashMap<>(storageEnv);
    env.put("CIVITAS_DATA_DIR", dataDir.toString());
    env.put("CIVITAS_HTTP_HOST", "127.0.0.1");
    env.put("CIVITAS_HTTP_PORT", "0");
    env.put("CIVITAS_MQTT_HOST", "127.0.0.1");
    env.put("CIVITAS_MQTT_PORT", "0");
    CivitasConfig config = ConfigLoader.load(Optional.empty(), dataDir, env).config();
    try (RunningCivitas civitas = RunningCivitas.start(config)) {
      int mqttPort = civitas.mqttPort().orElseThrow();
      // Every write needs a principal: the bench provisions as an administrator's API key.
      apiKey =
          civitas
              .issueApiKey(
                  "bench",
                  java.util.Set.of(new org.civitas.governance.identity.Role.Administrator()),
                  "bench")
              .token();
      Map<String, String> secrets = provision(civitas.port());
      List<Mqtt5AsyncClient> clients = connect(mqttPort, secrets);
      try {
        row(
            "%,d devices connected with their credentials".formatted(clients.size()),
            "in flight per device: %d, payload %s"
                .formatted(inFlight, timed ? "{\"t\":...,\"v\":{\"level\":x}}" : "{\"level\":x}"));
        load(clients, warmupSeconds, null);
        Latencies latencies = new Latencies();
        ProcessCpu cpu = ProcessCpu.start();
        long started = System.nanoTime();
        Load result = load(clients, seconds, latencies);
        double elapsed = (System.nanoTime() - started) / 1e9;
        long cpuNanos = cpu.elapsedNanos();
        row(
            "MQTT QoS 1 uplinks, compact topic, %d s".formatted(seconds),
            String.format(
                Locale.ROOT,
                "%,.0f obs/s, PUBACK p50 %.2f ms, p99 %.2f ms, %d refused, %.1f µs CPU/obs",
                result.acknowledged() / elapsed,
                latencies.percentileMillis(50),
                latencies.percentileMillis(99),
                result.refused(),
                cpuNanos / 1000.0 / Math.max(1, result.acknowledged())));
        System.gc();
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        row(
            "memory after the timed phase (GC'd)",
            "heap used %d MB of %d MB committed, process RSS %d MB"
                .formatted(heap.getUsed() >> 20, heap.getCommitted() >> 20, rssMegabytes()));
      } finally {
        for (Mqtt5AsyncClient client : clients) {
          client.disconnect();
        }
      }
    }
  }

  /** The bench's API key on the node under test, issued once it runs. */
  private String apiKey;

  /** One Thing with one Datastream per device, then the devices in one CSV import. */
  private Map<String, String> provision(int httpPort) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    StringBuilder csv =
        new StringBuilder(
            "id,name,thing_id,profile,district,dev_eui,expected_interval_seconds,fields\n");
    for (int i = 0; i < devices; i++) {
      String thing =
          """
          {"name":"gauge %d","description":"bench device","Locations":[{"name":"site","description":"bench site","encodingType":"application/geo+json","location":{"type":"Point","coordinates":[9.41,52.95]}}],"Datastreams":[{"name":"level %d",
           "description":"bench stream",
           "observationType":"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
           "unitOfMeasurement":{"name":"metre","symbol":"m","definition":"http://unitsofmeasure.org/ucum.html#para-1"},
           "Sensor":{"name":"s","description":"s","encodingType":"text/html","metadata":"x"},
           "ObservedProperty":{"name":"Water level","definition":"x","description":"x"}}]}"""
              .formatted(i, i);
      HttpResponse<String> created =
          http.send(
              post(httpPort, "/v1.1/Things", "application/json", thing),
              HttpResponse.BodyHandlers.ofString());
      expect(created, 201);
      long thingId = idOf(created.headers().firstValue("Location").orElseThrow());
      HttpResponse<String> streams =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:%d/v1.1/Things(%d)/Datastreams?$select=id"
                              .formatted(httpPort, thingId)))
                  .header("Authorization", "Bearer " + apiKey)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      long datastream = JSON.readTree(streams.body()).path("value").get(0).path("@iot.id").asLong();
      csv.append("gauge-%05d,gauge %d,%d,,,,60,level=%d\n".formatted(i, i, thingId, datastream));
    }
    HttpResponse<String> imported =
        http.send(
            post(httpPort, "/api/v1/devices/import", "text/csv", csv.toString()),
            HttpResponse.BodyHandlers.ofString());
    expect(imported, 201);
    Map<String, String> secrets = new HashMap<>();
    for (JsonNode device : JSON.readTree(imported.body()).path("devices")) {
      secrets.put(device.path("id").asText(), device.path("secret").asText());
    }
    if (secrets.size() != devices) {
      throw new IllegalStateException("provisioned " + secrets.size() + " of " + devices);
    }
    return secrets;
  }

  private List<Mqtt5AsyncClient> connect(int port, Map<String, String> secrets) {
    List<Mqtt5AsyncClient> clients = new ArrayList<>();
    List<CompletableFuture<?>> connecting = new ArrayList<>();
    secrets.forEach(
        (id, secret) -> {
          Mqtt5AsyncClient client =
              MqttClient.builder()
                  .useMqttVersion5()
                  .identifier(id)
                  .serverHost("127.0.0.1")
                  .serverPort(port)
                  .simpleAuth()
                  .username(id)
                  .password(secret.getBytes(StandardCharsets.UTF_8))
                  .applySimpleAuth()
                  .buildAsync();
          clients.add(client);
          connecting.add(client.connect());
        });
    CompletableFuture.allOf(connecting.toArray(CompletableFuture[]::new)).join();
    return clients;
  }

  private record Load(long acknowledged, long refused) {}

  /** Keeps {@link #inFlight} uplinks in flight per device until the deadline; then drains. */
  private Load load(List<Mqtt5AsyncClient> clients, int forSeconds, Latencies latencies)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(forSeconds);
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicLong running = new AtomicLong();
    AtomicLong sequence = new AtomicLong();
    Instant base = Instant.now().minus(Duration.ofDays(1));
    for (Mqtt5AsyncClient client : clients) {
      String topic =
          "civitas/devices/" + client.getConfig().getClientIdentifier().orElseThrow() + "/up";
      for (int i = 0; i < inFlight; i++) {
        running.incrementAndGet();
        send(client, topic, base, sequence, deadline, latencies, acknowledged, refused, running);
      }
    }
    // Bounded: every chain stops at the deadline, and a PUBACK never takes 60 s here.
    long giveUp = deadline + TimeUnit.SECONDS.toNanos(60);
    while (running.get() > 0 && System.nanoTime() < giveUp) {
      Thread.sleep(10);
    }
    return new Load(acknowledged.get(), refused.get());
  }

  private void send(
      Mqtt5AsyncClient client,
      String topic,
      Instant base,
      AtomicLong sequence,
      long deadline,
      Latencies latencies,
      AtomicLong acknowledged,
      AtomicLong refused,
      AtomicLong running) {
    if (System.nanoTime() >= deadline) {
      running.decrementAndGet();
      return;
    }
    long n = sequence.incrementAndGet();
    double level = 1 + (n % 1000) / 1000.0;
    String payload =
        timed
            ? "{\"t\":\"%s\",\"v\":{\"level\":%s}}".formatted(base.plusMillis(n), level)
            : "{\"level\":%s}".formatted(level);
    long sent = System.nanoTime();
    client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload.getBytes(StandardCharsets.UTF_8))
        .send()
        .whenComplete(
            (result, failure) -> {
              if (failure != null || result.getError().isPresent()) {
                if (refused.incrementAndGet() == 1) {
                  System.out.println(
                      "  first refusal: "
                          + (failure != null ? describe(failure) : describe(result)));
                }
              } else {
                acknowledged.incrementAndGet();
                if (latencies != null) {
                  latencies.add(System.nanoTime() - sent);
                }
              }
              send(
                  client,
                  topic,
                  base,
                  sequence,
                  deadline,
                  latencies,
                  acknowledged,
                  refused,
                  running);
            });
  }

  private static String describe(Throwable failure) {
    Throwable cause = failure;
    while (!(cause instanceof com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException pubAck) {
      return pubAck.getMqttMessage().getReasonCode()
          + " "
          + pubAck.getMqttMessage().getReasonString().map(Object::toString).orElse("");
    }
    return cause.toString();
  }

  private static String describe(
      com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult result) {
    if (result
        instanceof
        com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult.Mqtt5Qos1Result qos1) {
      return qos1.getPubAck().getReasonCode()
          + " "
          + qos1.getPubAck().getReasonString().map(Object::toString).orElse("");
    }
    return result.getError().map(Throwable::toString).orElse("?");
  }

  private HttpRequest post(int port, String path, String type, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + apiKey)
        .header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException(
          "expected HTTP " + status + ", got " + response.statusCode() + ": " + response.body());
    }
  }

  private static long idOf(String location) {
    return Long.parseLong(
        location.substring(location.lastIndexOf('(') + 1, location.lastIndexOf(')')));
  }

  private static long rssMegabytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return -1;
  }

  private static void row(String what, String figures) {
    System.out.printf(Locale.ROOT, "  %-62s %s%n", what, figures);
  }
}
