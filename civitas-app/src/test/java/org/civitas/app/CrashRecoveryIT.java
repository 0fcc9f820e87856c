package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is ever lost: the real jar is killed with SIGKILL while clients are posting
 * Observations, restarted on the same data, and must still hold every Observation it answered 201
 * for (and none it never received). Runs once per storage engine.
 */
class CrashRecoveryIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Acknowledged observations to wait for before pulling the plug. */
  private static final int ACKED_BEFORE_KILL = 1_000;

  /** Upper bound on posts, so the load stops by itself whatever happens. */
  private static final int MAX_POSTS = 50_000;

  private static final int CLIENTS = 8;

  private static final String POSTGRES_URL =
      System.getenv()
          .getOrDefault("CIVITAS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  private static final String POSTGRES_USER =
      System.getenv().getOrDefault("CIVITAS_TEST_POSTGRES_USER", "postgres");

  @TempDir Path workDir;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @Test
  void embedded_engine_keeps_every_acknowledged_observation_after_kill_9() throws Exception {
    Map<String, String> settings =
        CivitasProcess.settings("CIVITAS_DATA_DIR", workDir.resolve("data").toString());

    assertSurvivesKill(settings);
  }

  @Test
  void postgres_engine_keeps_every_acknowledged_observation_after_kill_9() throws Exception {
    Assumptions.assumeFalse(
        "skip".equals(System.getenv("CIVITAS_TEST_POSTGRES")),
        "CIVITAS_TEST_POSTGRES=skip (local work only; CI always runs this)");
    String schema =
        "civitas_crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    sql("CREATE SCHEMA " + schema);
    try {
      Map<String, String> settings =
          CivitasProcess.settings(
              "CIVITAS_STORAGE_KIND",
              "postgres",
              "CIVITAS_STORAGE_URL",
              POSTGRES_URL + "?currentSchema=" + schema,
              "CIVITAS_STORAGE_USER",
              POSTGRES_USER);

      assertSurvivesKill(settings);
    } finally {
      sql("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void sigterm_stops_gracefully_and_keeps_every_acknowledged_observation() throws Exception {
    Map<String, String> settings =
        CivitasProcess.settings("CIVITAS_DATA_DIR", workDir.resolve("data").toString());
    long datastream;
    Set<Integer> acknowledged;
    try (CivitasProcess civitas = CivitasProcess.start(settings, workDir)) {
      datastream = createDatastream(civitas);
      try (Load load = Load.start(client, civitas, datastream)) {
        load.awaitAcknowledged(200);
        int exitCode = civitas.terminate();
        acknowledged = load.stopAndCollect();

        assertThat(civitas.logText()).contains("Civitas stopped");
        // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
        assertThat(exitCode).isIn(0, 143);
      }
    }

    try (CivitasProcess civitas = CivitasProcess.start(settings, workDir)) {
      assertThat(storedResults(civitas, datastream)).containsAll(acknowledged);
    }
  }

  private void assertSurvivesKill(Map<String, String> settings) throws Exception {
    long datastream;
    Set<Integer> acknowledged;
    int sent;
    try (CivitasProcess civitas = CivitasProcess.start(settings, workDir)) {
      datastream = createDatastream(civitas);
      try (Load load = Load.start(client, civitas, datastream)) {
        load.awaitAcknowledged(ACKED_BEFORE_KILL);
        civitas.kill();
        acknowledged = load.stopAndCollect();
        sent = load.sent();
      }
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKED_BEFORE_KILL);

    try (CivitasProcess civitas = CivitasProcess.start(settings, workDir)) {
      List<Integer> stored = storedResults(civitas, datastream);

      assertThat(stored).containsAll(acknowledged).doesNotHaveDuplicates();
      // Only what clients sent can be there: in-flight posts may or may not have been committed.
      assertThat(stored).allSatisfy(result -> assertThat(result).isBetween(0, sent - 1));
    }
  }

  private long createDatastream(CivitasProcess civitas) throws IOException, InterruptedException {
    String thing =
        """
        {"name":"Crash test station","description":"Killed on purpose",
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

  /** Every result stored for the datastream, following server-driven paging to the end. */
  private List<Integer> storedResults(CivitasProcess civitas, long datastream)
      throws IOException, InterruptedException {
    List<Integer> results = new ArrayList<>();
    String next =
        civitas
            .uri("/v1.1/Datastreams(" + datastream + ")/Observations?$select=result&$top=10000")
            .toString();
    while (next != null) {
      HttpResponse<String> page =
          client.send(civitas.request(client, next).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(page.body());
      body.path("value").forEach(observation -> results.add(observation.path("result").asInt()));
      next = body.hasNonNull("@iot.nextLink") ? body.path("@iot.nextLink").asText() : null;
    }
    return results;
  }

  private HttpResponse<String> send(CivitasProcess civitas, String method, String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = civitas.request(client, path).timeout(Duration.ofSeconds(30));
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void sql(String statement) throws SQLException {
    try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
        Statement sql = connection.createStatement()) {
      sql.execute(statement);
    }
  }

  /**
   * Concurrent keep-alive clients posting Observations whose results count up from 0, so that every
   * stored one can be matched to its post. A client stops at the first failed request (the server
   * is gone) or when the bounded load is used up.
   */
  private static final class Load implements AutoCloseable {
    private final HttpClient client;
    private final CivitasProcess civitas;
    private final long datastream;
    private final AtomicInteger next = new AtomicInteger();
    private final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger finishedClients = new AtomicInteger();
    private final AtomicReference<String> firstRefusal = new AtomicReference<>();
    private final ExecutorService clients =
        Executors.newFixedThreadPool(
            CLIENTS,
            runnable -> {
              Thread thread = new Thread(runnable, "observation-client");
              thread.setDaemon(true);
              return thread;
            });

    private Load(HttpClient client, CivitasProcess civitas, long datastream) {
      this.client = client;
      this.civitas = civitas;
      this.datastream = datastream;
    }

    static Load start(HttpClient client, CivitasProcess civitas, long datastream) {
      Load load = new Load(client, civitas, datastream);
      for (int i = 0; i < CLIENTS; i++) {
        load.clients.submit(load::postUntilFailure);
      }
      return load;
    }

    private void postUntilFailure() {
      Instant start = Instant.parse("2026-01-01T00:00:00Z");
      try {
        int result;
        while ((result = next.getAndIncrement()) < MAX_POSTS) {
          String observation =
              "{\"phenomenonTime\":\"%s\",\"result\":%d}"
                  .formatted(start.plusSeconds(result), result);
          HttpResponse<String> response =
              client.send(
                  civitas
                      .request(client, "/v1.1/Datastreams(" + datastream + ")/Observations")
                      .header("Content-Type", "application/json")
                      .timeout(Duration.ofSeconds(30))
                      .POST(HttpRequest.BodyPublishers.ofString(observation))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 201) {
            firstRefusal.compareAndSet(null, response.statusCode() + " " + response.body());
            return;
          }
          acknowledged.add(result);
        }
      } catch (IOException | InterruptedException e) {
        // The server went away mid-request: this post may or may not have been committed.
      } finally {
        finishedClients.incrementAndGet();
      }
    }

    void awaitAcknowledged(int count) {
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> acknowledged.size() >= count || clients.isTerminated());
      assertThat(acknowledged)
          .as("acknowledged before the stop")
          .hasSizeGreaterThanOrEqualTo(count);
    }

    Set<Integer> stopAndCollect() throws InterruptedException {
      clients.shutdown();
      assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      return new HashSet<>(acknowledged);
    }

    /** Stops the clients if a test failed before {@link #stopAndCollect()}. */
    @Override
    public void close() {
      clients.shutdownNow();
    }

    /** How many results were handed out to posts (some never sent once the server was gone). */
    int sent() {
      return Math.min(next.get(), MAX_POSTS);
    }
  }
}
