package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's QoS 1 uplinks on its compact MQTT topic survive SIGKILL exactly once: the real jar is
 * killed while a device has many publishes in flight, restarted on the same data, and the device
 * sends again everything that was not PUBACKed (and, to prove the point, some that were). Every
 * PUBACKed reading must be stored, and none twice: a repeat carries the same payload time, so the
 * ingest pipeline's idempotency key drops it. Runs once per storage engine.
 */
class MqttDeviceCrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Readings the device has to deliver, each with its own payload time and value. */
  private static final int READINGS = 2_000;

  /** PUBACKs to wait for before pulling the plug. */
  private static final int ACKED_BEFORE_KILL = 500;

  /** Publishes in flight at once. */
  private static final int IN_FLIGHT = 32;

  /** Already acknowledged readings sent again after the restart: each must be a duplicate. */
  private static final int RESENT_ACKED = 100;

  private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");

  private static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String POSTGRES_USER = "postgres";

  @TempDir Path workDir;

  /** The first publish that was not acknowledged, for failure messages. */
  private static final java.util.concurrent.atomic.AtomicReference<String> firstRefusal =
      new java.util.concurrent.atomic.AtomicReference<>();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void embedded_engine_stores_every_acknowledged_uplink_exactly_once_after_kill_9()
      throws Exception {
    assertExactlyOnce(
        CivitasProcess.settings("CIVITAS_DATA_DIR", workDir.resolve("data").toString()));
  }

  @Test
  void postgres_engine_stores_every_acknowledged_uplink_exactly_once_after_kill_9()
      throws Exception {
    String schema =
        "civitas_mqtt_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("CREATE SCHEMA " + schema);
    try {
      assertExactlyOnce(
          CivitasProcess.settings(
              "CIVITAS_DATA_DIR",
              workDir.resolve("data").toString(),
              "CIVITAS_STORAGE_KIND",
              "postgres",
              "CIVITAS_STORAGE_URL",
              POSTGRES_URL + "?currentSchema=" + schema,
              "CIVITAS_STORAGE_USER",
              POSTGRES_USER));
    } finally {
      sql("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private void assertExactlyOnce(Map<String, String> storage) throws Exception {
    Map<String, String> settings = new java.util.HashMap<>(storage);
    int mqttPort = freePort();
    settings.put("CIVITAS_MQTT_HOST", "127.0.0.1");
    settings.put("CIVITAS_MQTT_PORT", Integer.toString(mqttPort));
    long datastream;
    String secret;
    Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    try (CivitasProcess civitas = CivitasProcess.start(settings, workDir)) {
      datastream = createDatastream(civitas);
      secret = provisionDevice(civitas, datastream);
      Mqtt5AsyncClient device = connect(mqttPort, secret);
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () ->
                  publishAll(device, IntStream.range(0, READINGS).boxed().toList(), acknowledged));
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> acknowledged.size() >= ACKED_BEFORE_KILL || sending.isDone());
      assertThat(acknowledged)
          .as(
              "PUBACKs before the kill; first refusal %s; log:%n%s",
              firstRefusal, civitas.logTail())
          .hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_KILL);
      civitas.kill();
      sending.get(60, TimeUnit.SECONDS);
    }
    Set<Integer> ackedBeforeKill = Set.copyOf(acknowledged);
    assertThat(ackedBeforeKill).as("the kill came mid-stream").hasSizeLessThan(READINGS);

    try (CivitasProcess civitas = CivitasProcess.start(settings, workDir)) {
      double duplicatesBefore = duplicates(civitas);
      List<Integer> resend = new ArrayList<>();
      IntStream.range(0, READINGS).filter(i -> !ackedBeforeKill.contains(i)).forEach(resend::add);
      ackedBeforeKill.stream().sorted().limit(RESENT_ACKED).forEach(resend::add);
      Mqtt5AsyncClient device = connect(mqttPort, secret);
      try {
        publishAll(device, resend, acknowledged);
      } finally {
        device.disconnect().orTimeout(10, TimeUnit.SECONDS).exceptionally(ignored -> null).join();
      }

      assertThat(acknowledged).as("acknowledged after the restart").hasSize(READINGS);
      List<Integer> stored = storedResults(civitas, datastream);
      assertThat(stored).doesNotHaveDuplicates().hasSize(READINGS).containsAll(ackedBeforeKill);
      assertThat(duplicates(civitas) - duplicatesBefore)
          .as("repeats dropped by their idempotency keys")
          .isGreaterThanOrEqualTo(RESENT_ACKED);
    }
  }

  /**
   * Publishes the readings with at most {@link #IN_FLIGHT} unacknowledged, recording each PUBACK;
   * stops sending once the connection is gone, and returns when every publish has settled.
   */
  private static void publishAll(
      Mqtt5AsyncClient device, List<Integer> readings, Set<Integer> acknowledged) {
    Semaphore window = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
    for (int reading : readings) {
      try {
        if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      if (!device.getState().isConnected()) {
        window.release();
        break;
      }
      String payload =
          "{\"t\":\"%s\",\"v\":{\"count\":%d}}".formatted(START.plusSeconds(reading), reading);
      CompletableFuture<Mqtt5PublishResult> publish =
          device
              .publishWith()
              .topic("civitas/devices/crash-bin/up")
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(payload.getBytes(StandardCharsets.UTF_8))
              .send()
              .orTimeout(30, TimeUnit.SECONDS);
      publish.whenComplete(
          (result, failure) -> {
            // The async client completes a refused QoS 1 publish with its error in the result.
            if (failure == null && result.getError().isEmpty()) {
              acknowledged.add(reading);
            } else {
              Throwable error = failure != null ? failure : result.getError().get();
              firstRefusal.compareAndSet(
                  null,
                  error instanceof Mqtt5PubAckException refused
                      ? refused.getMqttMessage().toString()
                      : error.toString());
            }
            window.release();
          });
      sent.add(publish);
    }
    CompletableFuture.allOf(
            sent.stream()
                .map(future -> future.handle((result, failure) -> null))
                .toArray(CompletableFuture[]::new))
        .join();
  }

  private static Mqtt5AsyncClient connect(int port, String secret) {
    Mqtt5AsyncClient device =
        Mqtt5Client.builder()
            .identifier("crash-bin-" + UUID.randomUUID())
            .serverHost("127.0.0.1")
            .serverPort(port)
            .simpleAuth()
            .username("crash-bin")
            .password(secret.getBytes(StandardCharsets.UTF_8))
            .applySimpleAuth()
            .buildAsync();
    device.connect().orTimeout(30, TimeUnit.SECONDS).join();
    return device;
  }

  private long createDatastream(CivitasProcess civitas) throws IOException, InterruptedException {
    String thing =
        """
        {"name":"Crash test bin","description":"Killed on purpose",
         "Locations":[{"name":"Lab","description":"Bench","encodingType":"application/geo+json",
           "location":{"type":"Point","coordinates":[4.35,50.85]}}],
         "Datastreams":[{"name":"Counter","description":"Increments",
           "observationType":"http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
           "unitOfMeasurement":{"name":"count","symbol":"1","definition":"http://unitsofmeasure.org"},
           "Sensor":{"name":"Counter","description":"Counts","encodingType":"text/plain","metadata":"none"},
           "ObservedProperty":{"name":"Count","definition":"urn:count","description":"A count"}}]}
        """;
    HttpResponse<String> created = send(civitas, "POST", "/v1.1/Things", thing);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    long thingId = JSON.readTree(created.body()).path("@iot.id").asLong();
    JsonNode datastreams =
        JSON.readTree(
            send(civitas, "GET", "/v1.1/Things(" + thingId + ")/Datastreams", null).body());
    return datastreams.path("value").path(0).path("@iot.id").asLong();
  }

  /** Registers device {@code crash-bin} of the Datastream's Thing and returns its secret. */
  private String provisionDevice(CivitasProcess civitas, long datastream)
      throws IOException, InterruptedException {
    JsonNode stream =
        JSON.readTree(
            send(civitas, "GET", "/v1.1/Datastreams(" + datastream + ")/Thing", null).body());
    String device =
        """
        {"id": "crash-bin", "thingId": %d, "name": "crash bin", "fields": {"count": %d}}"""
            .formatted(stream.path("@iot.id").asLong(), datastream);
    HttpResponse<String> created = send(civitas, "POST", "/api/v1/devices", device);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return JSON.readTree(created.body()).path("secret").asText();
  }

  private double duplicates(CivitasProcess civitas) throws IOException, InterruptedException {
    String metrics = send(civitas, "GET", "/metrics", null).body();
    return metrics
        .lines()
        .filter(line -> line.startsWith("civitas_ingest_observations_duplicate_total"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private List<Integer> storedResults(CivitasProcess civitas, long datastream)
      throws IOException, InterruptedException {
    List<Integer> results = new ArrayList<>();
    String next =
        civitas
            .uri("/v1.1/Datastreams(" + datastream + ")/Observations?$select=result&$top=10000")
            .toString();
    for (int page = 0; next != null && page < 100; page++) {
      HttpResponse<String> answer =
          http.send(civitas.request(http, next).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(answer.body());
      body.path("value").forEach(observation -> results.add(observation.path("result").asInt()));
      next = body.hasNonNull("@iot.nextLink") ? body.path("@iot.nextLink").asText() : null;
    }
    return results;
  }

  private HttpResponse<String> send(CivitasProcess civitas, String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = civitas.request(http, path).timeout(Duration.ofSeconds(30));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sql(String statement) throws SQLException {
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }
}
