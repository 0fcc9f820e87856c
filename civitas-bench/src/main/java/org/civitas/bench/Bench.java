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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
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

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description =
          "Seconds each phase first runs untimed, so that the JIT has compiled its path (a server"
              + " in service runs warm; a cold phase would mostly measure the compiler).")
  int warmup;

  @Option(
      names = "--phases",
      split = ",",
      defaultValue = "batch,in-process,single,latest,aggregate",
      description =
          "Phases to run (default: all but filter and mqtt), e.g. --phases single to profile one;"
              + " 'filter' loads --filter-observations into one Datastream first (minutes);"
              + " 'mqtt' runs a whole node and --devices MQTT devices with their credentials;"
              + " 'rules' runs 10,000 rules over 100,000 Datastreams at 20,000 observations/s"
              + " (in-process stream, embedded store, once whatever --engine says).")
  Set<String> phases;

  @Option(
      names = "--filter-observations",
      defaultValue = "10000000",
      description =
          "Observations in the Datastream the filter phase queries (issue 3: 10 million).")
  int filterObservations;

  @Option(
      names = "--devices",
      defaultValue = "1000",
      description = "MQTT devices of the mqtt phase, each with its own connection and Datastream.")
  int devices;

  @Option(
      names = "--in-flight",
      defaultValue = "4",
      description = "QoS 1 uplinks each MQTT device keeps waiting for their PUBACK.")
  int inFlight;

  @Option(
      names = "--untimed",
      description =
          "MQTT uplinks without their own time (timed by arrival, so without idempotency keys).")
  boolean untimed;

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
    Set<String> known =
        Set.of("batch", "in-process", "single", "latest", "aggregate", "filter", "mqtt", "rules");
    for (String phase : phases) {
      if (!known.contains(phase)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "unknown phase '" + phase + "': expected one of " + known);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "civitas-bench: %d cores, %d MB RAM, Java %s (%s), max heap %d MB;"
            + " %ds warm-up + %ds timed per phase; load average %.2f%n",
        Runtime.getRuntime().availableProcessors(),
        ProcessCpu.physicalMemoryBytes() >> 20,
        Runtime.version(),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        warmup,
        seconds,
        ProcessCpu.loadAverage());
    System.out.println(
        "CPU figures are the whole process (server and load generator share the cores), per"
            + " observation or request.");
    if (phases.contains("rules")) {
      Path dir = Files.createTempDirectory("civitas-bench-rules-");
      try {
        new RulesBench(10_000, 100_000, 20_000, warmup, seconds).run(dir);
      } finally {
        deleteRecursively(dir);
      }
      if (phases.size() == 1) {
        return 0;
      }
    }
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
      if (measuresHttp()) {
        measure(
            "embedded (H2 file in " + dir + ")",
            new StorageSettings(StorageKind.EMBEDDED, dir, null, null, null, 8));
      }
      if (phases.contains("mqtt")) {
        Path node = Files.createDirectories(dir.resolve("node"));
        System.out.println();
        System.out.println("== embedded, MQTT ingest (a whole node, H2 file in " + node + ")");
        mqttBench().run(Map.of("CIVITAS_STORAGE_KIND", "embedded"), node);
      }
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
      if (measuresHttp()) {
        measure(
            "postgres (" + postgresUrl + ", schema " + schema + ")",
            new StorageSettings(StorageKind.POSTGRES, dir, url, postgresUser, "", 16));
      }
      if (phases.contains("mqtt")) {
        System.out.println();
        System.out.println("== postgres, MQTT ingest (a whole node, schema " + schema + ")");
        mqttBench()
            .run(
                Map.of(
                    "CIVITAS_STORAGE_KIND",
                    "postgres",
                    "CIVITAS_STORAGE_URL",
                    url,
                    "CIVITAS_STORAGE_USER",
                    postgresUser,
                    "CIVITAS_STORAGE_POOL_SIZE",
                    "16"),
                dir);
      }
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

  /** Whether a phase other than mqtt (which runs a node of its own) is asked for. */
  private boolean measuresHttp() {
    return phases.stream().anyMatch(phase -> !phase.equals("mqtt") && !phase.equals("rules"));
  }

  private MqttIngestBench mqttBench() {
    return new MqttIngestBench(devices, inFlight, warmup, seconds, !untimed);
  }

  private void measure(String label, StorageSettings settings) throws Exception {
    System.out.println();
    System.out.println("== " + label);
    Latencies sync = DiskSync.measure(settings.dataDir(), 200);
    System.out.printf(
        Locale.ROOT,
        "  disk of %s: append + fsync p50 %.2f ms, p99 %.2f ms; load average %.2f%n",
        settings.dataDir(),
        sync.percentileMillis(50),
        sync.percentileMillis(99),
        ProcessCpu.loadAverage());
    try (SensingStore store = Storage.open(settings)) {
      CivitasServer server =
          new CivitasServer(
              new ServerSettings("127.0.0.1", 0, null, 100, 1000),
              store,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      int port = server.start();
      try {
        List<Long> datastreams = createCity(port, 64);
        // The batch phase creates the FeatureOfInterest that in-process ingest reuses, and gives
        // the latest-value phase data: later phases need it even when it is not measured.
        batchOverHttp(port, datastreams, phases.contains("batch"));
        if (phases.contains("in-process")) {
          batchInProcess(store, datastreams);
        }
        if (phases.contains("single")) {
          singlePosts(port, datastreams);
        }
        if (phases.contains("latest")) {
          latest(port, datastreams);
        }
        if (phases.contains("aggregate")) {
          aggregation(port, store, datastreams.get(datastreams.size() - 1));
        }
        if (phases.contains("filter")) {
          filterOverManyObservations(port, store, datastreams.get(datastreams.size() - 2));
        }
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

  private void batchOverHttp(int port, List<Long> datastreams, boolean measured) throws Exception {
    AtomicLong clock = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    LoadLoop loop =
        (worker, deadline) -> {
          long datastream = datastreams.get(worker % datastreams.size());
          long sent = 0;
          try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
            // Bounded in time and in count (at most 10 million observations per client).
            do {
              byte[] body = batchBody(clock.getAndAdd(batchSize), batchSize);
              expect(http.post("/api/v1/datastreams/" + datastream + "/observations", body), 201);
              sent += batchSize;
            } while (System.nanoTime() < deadline && sent < 10_000_000);
          }
          return sent;
        };
    if (!measured) {
      drive(1, Duration.ZERO, loop);
      return;
    }
    drive(batchClients, Duration.ofSeconds(warmup), loop);
    Measured run = measure(() -> drive(batchClients, Duration.ofSeconds(seconds), loop));
    row(
        "batch path over HTTP (" + batchClients + " clients x " + batchSize + "/request)",
        run.throughput("observations") + ", " + run.cpuPer("observation"));
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
    AtomicLong clock = new AtomicLong(Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
    LoadLoop loop =
        (worker, deadline) -> {
          long total = 0;
          int round = 0;
          do {
            List<CompletableFuture<List<Long>>> inFlight = new ArrayList<>();
            for (int b = 0; b < 8; b++, round++) {
              List<NewObservation> batch = new ArrayList<>(batchSize);
              long datastream = datastreams.get(round % datastreams.size());
              long first = clock.getAndAdd(batchSize);
              for (int i = 0; i < batchSize; i++) {
                batch.add(
                    new NewObservation(
                        new ObservationStream.Datastream(datastream),
                        featureOfInterest,
                        new TimeValue.Instant(Instant.ofEpochMilli(first + i)),
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
          } while (System.nanoTime() < deadline && total < 50_000_000);
          return total;
        };
    drive(1, Duration.ofSeconds(warmup), loop);
    Measured run = measure(() -> drive(1, Duration.ofSeconds(seconds), loop));
    row(
        "batch path in-process (submitAll, " + batchSize + "/batch, 8 in flight)",
        run.throughput("observations") + ", " + run.cpuPer("observation"));
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
    AtomicBoolean recording = new AtomicBoolean();
    LoadLoop loop =
        (worker, deadline) -> {
          long datastream = datastreams.get(worker % datastreams.size());
          Latencies own = new Latencies();
          long sent = 0;
          try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
            do {
              byte[] body =
                  ("{\"phenomenonTime\":\""
                          + Instant.ofEpochMilli(clock.getAndIncrement())
                          + "\",\"result\":21.5,\"Datastream\":{\"@iot.id\":"
                          + datastream
                          + "}}")
                      .getBytes(StandardCharsets.UTF_8);
              long t0 = System.nanoTime();
              expect(http.post("/v1.1/Observations", body), 201);
              own.add(System.nanoTime() - t0);
              sent++;
            } while (System.nanoTime() < deadline && sent < 5_000_000);
          }
          if (recording.get()) {
            latencies.addAll(own);
          }
          return sent;
        };
    drive(clients, Duration.ofSeconds(warmup), loop);
    recording.set(true);
    Measured run = measure(() -> drive(clients, Duration.ofSeconds(seconds), loop));
    row(
        "single POST /v1.1/Observations (" + clients + " keep-alive clients)",
        "%s, p50 %.2f ms, p99 %.2f ms, %s"
            .formatted(
                run.throughput("observations"),
                latencies.percentileMillis(50),
                latencies.percentileMillis(99),
                run.cpuPer("observation")));
  }

  private void latest(int port, List<Long> datastreams) throws IOException {
    String one = "/api/v1/latest?datastreams=" + datastreams.get(0);
    StringBuilder many = new StringBuilder("/api/v1/latest?datastreams=");
    for (int i = 0; i < datastreams.size(); i++) {
      many.append(i > 0 ? "," : "").append(datastreams.get(i));
    }
    try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
      for (String path : List.of(one, many.toString())) {
        Measured run = timedRequests(http, path, 5_000);
        row(
            "latest value, " + (path == one ? "1 datastream" : datastreams.size() + " datastreams"),
            run.latencies());
      }
    }
  }

  /**
   * Sends GET {@code path} one request at a time: untimed for the warm-up, then timed until {@code
   * maxRequests} or the phase length.
   */
  private Measured timedRequests(RawHttpClient http, String path, int maxRequests)
      throws IOException {
    long warm = System.nanoTime() + Duration.ofSeconds(warmup).toNanos();
    do {
      expect(http.get(path), 200);
    } while (System.nanoTime() < warm);
    Latencies latencies = new Latencies();
    ProcessCpu cpu = ProcessCpu.start();
    long started = System.nanoTime();
    long deadline = started + Duration.ofSeconds(seconds).toNanos();
    int count = 0;
    do {
      long t0 = System.nanoTime();
      expect(http.get(path), 200);
      latencies.add(System.nanoTime() - t0);
      count++;
    } while (count < maxRequests && System.nanoTime() < deadline);
    return new Measured(count, System.nanoTime() - started, cpu.elapsedNanos(), latencies);
  }

  private void aggregation(int port, SensingStore store, long datastream) throws Exception {
    // 30 days of one-minute data in a Datastream of its own.
    Instant from = Instant.parse("2024-06-01T00:00:00Z");
    int minutes = 30 * 24 * 60;
    long featureOfInterest = featureOfInterestOf(store, datastream);
    List<NewObservation> chunk = new ArrayList<>();
    List<CompletableFuture<List<Long>>> inFlight = new ArrayList<>();
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
    int buckets;
    Measured run;
    try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
      RawHttpClient.Response first = http.get(path);
      expect(first, 200);
      JsonNode body = JSON.readTree(first.body());
      buckets = (body.isArray() ? body : body.path("buckets")).size();
      run = timedRequests(http, path, 3_000);
    }
    row(
        "hourly aggregate, 30 days of 1-minute data (43,200 obs)",
        run.latencies() + " (%d buckets)".formatted(buckets));
  }

  /**
   * Issue 3's target: a {@code $filter} on phenomenonTime and result over a Datastream of 10
   * million Observations answers its first page in under 100 ms. Loads one Observation per second
   * (so 10 million span about 116 days) into a Datastream of its own through the ingest path, then
   * times the first page of filtered windows at the start, middle and end of the series, by the
   * navigation path and by the Observations entity set.
   */
  private void filterOverManyObservations(int port, SensingStore store, long datastream)
      throws Exception {
    Instant from = Instant.parse("2023-01-01T00:00:00Z");
    long featureOfInterest = featureOfInterestOf(store, datastream);
    long loadStarted = System.nanoTime();
    List<CompletableFuture<List<Long>>> inFlight = new ArrayList<>();
    List<NewObservation> chunk = new ArrayList<>(5_000);
    for (int i = 0; i < filterObservations; i++) {
      chunk.add(
          new NewObservation(
              new ObservationStream.Datastream(datastream),
              featureOfInterest,
              new TimeValue.Instant(from.plusSeconds(i)),
              null,
              new Json(Double.toString(Math.round((15 + 10 * Math.sin(i / 3600.0)) * 100) / 100.0)),
              null,
              null,
              null));
      if (chunk.size() == 5_000 || i == filterObservations - 1) {
        inFlight.add(store.ingest().submitAll(List.copyOf(chunk)));
        chunk.clear();
        if (inFlight.size() == 8) { // bounded memory: wait for the oldest submission
          inFlight.removeFirst().get();
        }
      }
    }
    for (var future : inFlight) {
      future.get();
    }
    double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
    row(
        "filter phase: loaded %,d observations into one Datastream".formatted(filterObservations),
        "%.0f s (%,.0f obs/s in-process)".formatted(loadSeconds, filterObservations / loadSeconds));
    long span = filterObservations;
    try (RawHttpClient http = new RawHttpClient("127.0.0.1", port)) {
      for (double at : new double[] {0.0, 0.5, 0.99}) {
        Instant windowStart = from.plusSeconds((long) (span * at));
        Instant windowEnd = windowStart.plus(Duration.ofDays(1));
        String filter =
            "phenomenonTime ge %s and phenomenonTime lt %s and result gt 20"
                .formatted(windowStart, windowEnd);
        String encoded = java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8);
        String byPath =
            "/v1.1/Datastreams(%d)/Observations?$top=100&$filter=%s".formatted(datastream, encoded);
        RawHttpClient.Response first = http.get(byPath);
        expect(first, 200);
        int rows = JSON.readTree(first.body()).path("value").size();
        row(
            "$filter first page, Datastreams(id)/Observations, window at %.0f%%"
                .formatted(at * 100),
            timedRequests(http, byPath, 2_000).latencies() + " (%d rows)".formatted(rows));
      }
      String filter =
          "Datastream/id eq %d and phenomenonTime ge %s and result gt 20"
              .formatted(datastream, from.plusSeconds(span / 2));
      String bySet =
          "/v1.1/Observations?$top=100&$filter="
              + java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8);
      row(
          "$filter first page, Observations?$filter=Datastream/id eq ...",
          timedRequests(http, bySet, 2_000).latencies());
    }
  }

  /** One load-generating thread: sends until {@code deadlineNanos}, returns what it sent. */
  @FunctionalInterface
  private interface LoadLoop {
    long run(int worker, long deadlineNanos) throws Exception;
  }

  /** Runs {@code workers} threads of {@code loop} for {@code length}; the sum of what they sent. */
  private static long drive(int workers, Duration length, LoadLoop loop) throws Exception {
    long deadline = System.nanoTime() + length.toNanos();
    List<Callable<Long>> tasks = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      int worker = w;
      tasks.add(() -> loop.run(worker, deadline));
    }
    return runAll(tasks);
  }

  @FunctionalInterface
  private interface Work {
    long run() throws Exception;
  }

  private static Measured measure(Work work) throws Exception {
    ProcessCpu cpu = ProcessCpu.start();
    long started = System.nanoTime();
    long count = work.run();
    return new Measured(count, System.nanoTime() - started, cpu.elapsedNanos(), null);
  }

  /** What a timed phase did: how many items in how long, at what CPU cost. */
  private record Measured(long count, long wallNanos, long cpuNanos, Latencies timings) {
    String throughput(String items) {
      double secondsTaken = wallNanos / 1e9;
      return "%,.0f %s/s (%,d in %.1f s)"
          .formatted(count / secondsTaken, items, count, secondsTaken);
    }

    /** CPU time per item and the cores kept busy (of all the process used, client included). */
    String cpuPer(String item) {
      if (cpuNanos < 0 || count == 0) {
        return "CPU n/a";
      }
      return "CPU %.1f us/%s (%.2f cores)"
          .formatted(cpuNanos / 1e3 / count, item, (double) cpuNanos / wallNanos);
    }

    String latencies() {
      return "p50 %.2f ms, p99 %.2f ms (%d requests, %s)"
          .formatted(
              timings.percentileMillis(50),
              timings.percentileMillis(99),
              timings.count(),
              cpuPer("request"));
    }
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
