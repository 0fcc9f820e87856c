package org.civitas.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageKind;
import org.civitas.storage.StorageSettings;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ingest and time-series benchmark of issue 2: starts the real server on a free port over each
 * storage engine and measures, through the public HTTP API, the batch ingest path, single
 * Observation POSTs from concurrent keep-alive clients, latest-value latency and a 30-day hourly
 * aggregation. Every loop is bounded in count and in time. Prints one table per engine.
 */
@Command(
    name = "civitas-bench",
    mixinStandardHelpOptions = true,
    description = "Measures Civitas ingest throughput and time-series read latency.")
public final class Bench implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--engine",
      split = ",",
      defaultValue = "embedded,postgres",
      description = "Engines to measure: embedded, postgres (default: both).")
  List<String> engines;

  @Option(names = "--seconds", defaultValue = "10", description = "Length of each timed phase.")
  int seconds;

  @Option(names = "--clients", defaultValue = "32", description = "Concurrent single-POST clients.")
  int clients;

  @Option(names = "--batch-clients", defaultValue = "4", description = "Concurrent batch clients.")
  int batchClients;

  @Option(names = "--batch-size", defaultValue = "1000", description = "Observations per batch.")
  int batchSize;

  @Option(
      names = "--postgres-url",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432/test",
      description = "PostgreSQL to measure against; a fresh schema is made and dropped.")
  String postgresUrl;

  @Option(names = "--postgres-user", defaultValue = "postgres")
  String postgresUser;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "civitas-bench: %d cores, Java %s, max heap %d MB, %ds per phase%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        seconds);
    for (String engine : engines) {
      switch (engine.trim()) {
        case "embedded" -> runEmbedded();
        case "postgres" -> runPostgres();
        default ->
            throw new CommandLine.ParameterException(
                new CommandLine(this),
                "unknown engine '" + engine + "': expected embedded or postgres");
      }
    }
    return 0;
  }

  private void runEmbedded() throws Exception {
    Path dir = Files.createTempDirectory("civitas-bench-");
    try {
      measure(
          "embedded (H2 file in " + dir + ")",
          new StorageSettings(StorageKind.EMBEDDED, dir, null, null, null, 8));
    } finally {
      deleteRecursively(dir);
    }
  }

  private void runPostgres() throws Exception {
    String schema = "bench_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(postgresUrl, postgresUser, "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    Path dir = Files.createTempDirectory("civitas-bench-");
    try {
      String url =
          postgresUrl + (postgresUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      measure(
          "postgres (" + postgresUrl + ", schema " + schema + ")",
          new StorageSettings(StorageKind.POSTGRES, dir, url, postgresUser, "", 16));
    } finally {
      try (Connection c = DriverManager.getConnection(postgresUrl, postgresUser, "");
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      } catch (SQLException e) {
        System.out.println("could not drop schema " + schema + ": " + e.getMessage());
      }
      deleteRecursively(dir);
    }
  }

  private void measure(String label, StorageSettings settings) throws Exception {
    System.out.println();
    System.out.println("== " + label);
    try (SensingStore store = Storage.open(settings)) {
      CivitasServer server =
          new CivitasServer(
              new ServerSettings("127.0.0.1", 0, null, 100, 1000),
              store,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      int port = server.start();
      try {
        List<Long> datastreams = createCity(port, 64);
        batchOverHttp(port, datastreams);
        batchInProcess(store, datastreams);
        singlePosts(port, datastreams);
        latest(port, datastreams);
        aggregation(port, store, datastreams.get(datastreams.size() - 1));
      } finally {
        server.stop();
      }
    }
    Runtime rt = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT, "heap used after run: %d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  /** One Thing with a Location and {@code count} Datastreams, made by one deep insert. */
  private List<Long> createCity(int port, int count) throws IOException {
    StringBuilder streams = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        streams.append(',');
      }
      streams.append(
          """
          {"name":"PM2.5 %d","description":"bench stream","observationType":\
          "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",\
          "unitOfMeasurement":{"name":"microgram per cubic metre","symbol":"ug/m3",\
          "definition":"http://unitsofmeasure.org/ucum.html#para-30"},\
          "Sensor":{"name":"SDS011 %d","description":"dust sensor","encodingType":\
          "application/pdf","metadata":"https://example.org/sds011.pdf"},\
          "ObservedProperty":{"name":"PM2.5 %d","definition":"https://example.org/pm25",\
          "description":"fine particulate matter"}}"""
              .formatted(i, i, i));
    }
    String thing =
        """
        {"name":"Bench station","description":"benchmark air-quality station",\
        "Locations":[{"name":"Main square","description":"centre","encodingType":\
        "application/geo+json","location":{"type":"Point","coordinates":[2.17,41.38]}}],\
        "Datastreams":[%s]}"""
            .formatted(streams);
    try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
      RawHttpClient.Response created =
          http.post("/v1.1/Things", thing.getBytes(StandardCharsets.UTF_8));
      expect(created, 201);
      long thingId = JSON.readTree(created.body()).get("@iot.id").asLong();
      RawHttpClient.Response list =
          http.get("/v1.1/Things(" + thingId + ")/Datastreams?$top=1000&$orderby=id");
      expect(list, 200);
      List<Long> ids = new ArrayList<>();
      for (JsonNode ds : JSON.readTree(list.body()).get("value")) {
        ids.add(ds.get("@iot.id").asLong());
      }
      if (ids.size() != count) {
        throw new IllegalStateException("expected " + count + " datastreams, got " + ids.size());
      }
      return ids;
    }
  }

  private void batchOverHttp(int port, List<Long> datastreams) throws Exception {
    AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    Duration limit = Duration.ofSeconds(seconds);
    long started = System.nanoTime();
    List<Callable<Long>> workers = new ArrayList<>();
    for (int w = 0; w < batchClients; w++) {
      long datastream = datastreams.get(w % datastreams.size());
      workers.add(
          () -> {
            long sent = 0;
            try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
              long deadline = System.nanoTime() + limit.toNanos();
              // Bounded in time and in count (at most 10 million observations per client).
              while (System.nanoTime() < deadline && sent < 10_000_000) {
                byte[] body = batchBody(clock.getAndAdd(batchSize), batchSize);
                expect(http.post("/api/v1/datastreams/" + datastream + "/observations", body), 201);
                sent += batchSize;
              }
            }
            return sent;
          });
    }
    long total = runAll(workers);
    double secondsTaken = (System.nanoTime() - started) / 1e9;
    row(
        "batch path over HTTP (" + batchClients + " clients x " + batchSize + "/request)",
        "%,.0f observations/s (%,d in %.1f s)"
            .formatted(total / secondsTaken, total, secondsTaken));
  }

  private static byte[] batchBody(long firstMillis, int size) {
    StringBuilder body = new StringBuilder(size * 60).append('[');
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"phenomenonTime\":\"")
          .append(Instant.ofEpochMilli(firstMillis + i))
          .append("\",\"result\":")
          .append(10 + (i % 50) * 0.5)
          .append('}');
    }
    return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
  }

  private void batchInProcess(SensingStore store, List<Long> datastreams) throws Exception {
    long featureOfInterest = featureOfInterestOf(store, datastreams.get(0));
    Instant base = Instant.parse("2025-01-01T00:00:00Z");
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long started = System.nanoTime();
    long total = 0;
    int round = 0;
    while (System.nanoTime() < deadline && total < 50_000_000) {
      List<java.util.concurrent.CompletableFuture<List<Long>>> inFlight = new ArrayList<>();
      for (int b = 0; b < 8; b++, round++) {
        List<NewObservation> batch = new ArrayList<>(batchSize);
        long datastream = datastreams.get(round % datastreams.size());
        for (int i = 0; i < batchSize; i++) {
          batch.add(
              new NewObservation(
                  new ObservationStream.Datastream(datastream),
                  featureOfInterest,
                  new TimeValue.Instant(base.plusMillis((long) round * batchSize + i)),
                  null,
                  new Json(Double.toString(20 + (i % 10))),
                  null,
                  null,
                  null));
        }
        inFlight.add(store.ingest().submitAll(batch));
      }
      for (var future : inFlight) {
        total += future.get().size();
      }
    }
    double secondsTaken = (System.nanoTime() - started) / 1e9;
    row(
        "batch path in-process (submitAll, " + batchSize + "/batch, 8 in flight)",
        "%,.0f observations/s (%,d in %.1f s)"
            .formatted(total / secondsTaken, total, secondsTaken));
  }

  private static long featureOfInterestOf(SensingStore store, long datastream) {
    // The HTTP batch phase already created the FeatureOfInterest from the Thing's Location.
    return store
        .query(
            new org.civitas.sensing.query.EntityQuery(
                org.civitas.sensing.model.EntityType.FEATURE_OF_INTEREST,
                java.util.Optional.empty(),
                List.of(),
                0,
                1,
                false,
                java.util.Set.of()))
        .entities()
        .getFirst()
        .id();
  }

  private void singlePosts(int port, List<Long> datastreams) throws Exception {
    AtomicLong clock = new AtomicLong(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli());
    Latencies latencies = new Latencies();
    Duration limit = Duration.ofSeconds(seconds);
    long started = System.nanoTime();
    List<Callable<Long>> workers = new ArrayList<>();
    for (int w = 0; w < clients; w++) {
      long datastream = datastreams.get(w % datastreams.size());
      workers.add(
          () -> {
            long sent = 0;
            try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
              long deadline = System.nanoTime() + limit.toNanos();
              while (System.nanoTime() < deadline && sent < 5_000_000) {
                byte[] body =
                    ("{\"phenomenonTime\":\""
                            + Instant.ofEpochMilli(clock.getAndIncrement())
                            + "\",\"result\":21.5,\"Datastream\":{\"@iot.id\":"
                            + datastream
                            + "}}")
                        .getBytes(StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                expect(http.post("/v1.1/Observations", body), 201);
                latencies.add(System.nanoTime() - t0);
                sent++;
              }
            }
            return sent;
          });
    }
    long total = runAll(workers);
    double secondsTaken = (System.nanoTime() - started) / 1e9;
    row(
        "single POST /v1.1/Observations (" + clients + " keep-alive clients)",
        "%,.0f observations/s (%,d in %.1f s), p50 %.2f ms, p99 %.2f ms"
            .formatted(
                total / secondsTaken,
                total,
                secondsTaken,
                latencies.percentileMillis(50),
                latencies.percentileMillis(99)));
  }

  private void latest(int port, List<Long> datastreams) throws IOException {
    String one = "/api/v1/latest?datastreams=" + datastreams.get(0);
    StringBuilder many = new StringBuilder("/api/v1/latest?datastreams=");
    for (int i = 0; i < datastreams.size(); i++) {
      many.append(i > 0 ? "," : "").append(datastreams.get(i));
    }
    try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
      for (String path : List.of(one, many.toString())) {
        Latencies latencies = new Latencies();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        for (int i = 0; i < 5_000 && System.nanoTime() < deadline; i++) {
          long t0 = System.nanoTime();
          expect(http.get(path), 200);
          long took = System.nanoTime() - t0;
          if (i >= 50) { // the first requests warm the JIT up
            latencies.add(took);
          }
        }
        row(
            "latest value, " + (path == one ? "1 datastream" : datastreams.size() + " datastreams"),
            "p50 %.2f ms, p99 %.2f ms (%d requests)"
                .formatted(
                    latencies.percentileMillis(50),
                    latencies.percentileMillis(99),
                    latencies.count()));
      }
    }
  }

  private void aggregation(int port, SensingStore store, long datastream) throws Exception {
    // 30 days of one-minute data in a Datastream of its own.
    Instant from = Instant.parse("2024-06-01T00:00:00Z");
    int minutes = 30 * 24 * 60;
    long featureOfInterest = featureOfInterestOf(store, datastream);
    List<NewObservation> chunk = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<List<Long>>> inFlight = new ArrayList<>();
    for (int m = 0; m < minutes; m++) {
      chunk.add(
          new NewObservation(
              new ObservationStream.Datastream(datastream),
              featureOfInterest,
              new TimeValue.Instant(from.plus(Duration.ofMinutes(m))),
              null,
              new Json(Double.toString(15 + 10 * Math.sin(m / 240.0))),
              null,
              null,
              null));
      if (chunk.size() == 5_000 || m == minutes - 1) {
        inFlight.add(store.ingest().submitAll(List.copyOf(chunk)));
        chunk.clear();
      }
    }
    for (var future : inFlight) {
      future.get();
    }
    String path =
        "/api/v1/datastreams/%d/aggregate?from=%s&to=%s&bucket=1h"
            .formatted(datastream, from, from.plus(Duration.ofDays(30)));
    Latencies latencies = new Latencies();
    int buckets = 0;
    try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
      for (int i = 0; i < 300 && System.nanoTime() < deadline; i++) {
        long t0 = System.nanoTime();
        RawHttpClient.Response response = http.get(path);
        long took = System.nanoTime() - t0;
        expect(response, 200);
        if (i == 0) {
          JsonNode body = JSON.readTree(response.body());
          JsonNode list = body.isArray() ? body : body.path("buckets");
          buckets = list.size();
        }
        if (i >= 20) {
          latencies.add(took);
        }
      }
    }
    row(
        "hourly aggregate, 30 days of 1-minute data (43,200 obs)",
        "p50 %.2f ms, p99 %.2f ms (%d buckets, %d requests)"
            .formatted(
                latencies.percentileMillis(50),
                latencies.percentileMillis(99),
                buckets,
                latencies.count()));
  }

  private static long runAll(List<Callable<Long>> workers) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers.size());
    try {
      long total = 0;
      for (Future<Long> f : pool.invokeAll(workers)) {
        total += f.get();
      }
      return total;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void expect(RawHttpClient.Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException(
          "expected HTTP " + status + " but got " + response.status() + ": " + response.body());
    }
  }

  private static void row(String what, String figures) {
    System.out.printf(Locale.ROOT, "  %-62s %s%n", what, figures);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
