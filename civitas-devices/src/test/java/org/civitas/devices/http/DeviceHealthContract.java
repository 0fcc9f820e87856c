package org.civitas.devices.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntToDoubleFunction;
import org.awaitility.Awaitility;
import org.civitas.devices.health.DeviceHealth;
import org.civitas.devices.health.Finding;
import org.civitas.devices.health.HealthMonitor;
import org.civitas.devices.health.HealthPolicy;
import org.civitas.devices.health.HealthReport;
import org.civitas.devices.health.HealthState;
import org.civitas.devices.http.Http.Answer;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.ingest.Radio;
import org.civitas.devices.ingest.Uplink;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.registry.NewDevice;
import org.civitas.devices.store.DeviceStore;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The device health monitor end to end on a fixed clock: a small city provisioned through the
 * registry, its readings sent through the real ingest path at controlled times, assessed from the
 * stored buckets and served over HTTP and {@code /metrics}. One subclass per storage engine.
 *
 * <p>The city, at {@link #NOW}: in Harbour four air temperature sensors, three agreeing and one
 * drifting away from them; in Old Town a humidity sensor frozen at 42 %, an air temperature sensor
 * reading 85 degC for the last six hours, a noise sensor silent for ten hours, a sensor never
 * heard, and a revoked one; in Westpark a lone air temperature sensor drifting away from the
 * city's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeviceHealthContract {
  static final Instant NOW = Instant.parse("2025-06-10T12:00:00Z");
  private static final Instant PROVISIONED = NOW.minus(Duration.ofDays(3));
  private static final String MEASUREMENT =
      "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovableClock clock = new MovableClock(PROVISIONED);
  private SensingStore store;
  private CivitasServer server;
  private DeviceIngest ingest;
  private DeviceRegistry registry;
  private HealthMonitor monitor;
  private Http http;
  private final Map<String, Long> observedProperties = new java.util.HashMap<>();

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void startCity() {
    store = openStore();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    server = new CivitasServer(new ServerSettings("127.0.0.1", 0, null, 100, 1000), store, meters);
    DeviceStore devices = Storage.devices(store);
    registry = new DeviceRegistry(devices, server.sensing(), clock, Duration.ZERO);
    ingest = DeviceIngest.start(registry, devices, server.sensing(), Duration.ofHours(1));
    monitor =
        new HealthMonitor(
            registry, server.sensing(), store.timeSeries(), clock, meters, HealthPolicy.DEFAULT);
    // Health first, as the app registers them: /devices/health is no device id.
    server.withRoutes(routes -> HealthRoutes.register(routes, monitor, registry));
    server.withRoutes(routes -> DeviceRoutes.register(routes, registry, ingest, Clock.systemUTC()));
    http = new Http(server.start());
    buildCity();
  }

  @AfterAll
  void stopCity() {
    server.stop();
    ingest.close();
    store.close();
    cleanUp();
  }

  // ------------------------------------------------------------------------------ the city

  private static double weather(int hour) {
    return 15 + 3 * Math.sin(hour / 4.0);
  }

  private void buildCity() {
    long temperature = observedProperty("air temperature", "https://example.org/air-temperature");
    long humidity = observedProperty("relative humidity", "https://example.org/humidity");
    long noise = observedProperty("noise level", "https://example.org/noise");
    List<CompletableFuture<?>> sent = new ArrayList<>();
    Duration hourly = Duration.ofHours(1);

    sent.addAll(device("harbour-1", "Harbour", temperature, hourly, 30, 0, h -> weather(h)));
    sent.addAll(device("harbour-2", "Harbour", temperature, hourly, 30, 0, h -> weather(h) + 0.3));
    // No configured interval: learned from the data.
    sent.addAll(device("harbour-3", "Harbour", temperature, null, 30, 0, h -> weather(h) - 0.3));
    sent.addAll(
        device(
            "harbour-drift",
            "Harbour",
            temperature,
            hourly,
            30,
            0,
            h -> weather(h) + 0.1 + (h >= 10 ? 0.5 * (h - 10) : 0)));
    // Alone of its kind in its district: judged against the city's air temperature sensors.
    sent.addAll(
        device(
            "westpark-drift",
            "Westpark",
            temperature,
            hourly,
            30,
            0,
            h -> weather(h) - 0.2 + (h >= 12 ? 0.6 * (h - 12) : 0)));
    // 60 hours, the last 55 frozen at 42: longer than the 48 h window.
    sent.addAll(
        device("oldtown-stuck", "Old Town", humidity, hourly, 60, 0, h -> h < 5 ? 30 + h : 42));
    sent.addAll(
        device(
            "oldtown-hot", "Old Town", temperature, hourly, 30, 0, h -> h < 24 ? 20 + h % 3 : 85));
    sent.addAll(
        device(
            "oldtown-quiet", "Old Town", noise, hourly, 20, 10, h -> 55 + 3 * Math.sin(h / 2.0)));
    device("oldtown-never", "Old Town", temperature, hourly, 0, 0, h -> 0);
    device("oldtown-revoked", "Old Town", temperature, hourly, 0, 0, h -> 0);
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    ingest.flush();
    registry.revoke("oldtown-revoked");
    clock.set(NOW);
  }

  private long observedProperty(String name, String definition) {
    Answer created =
        http.post(
            "/v1.1/ObservedProperties",
            """
            {"name": "%s", "definition": "%s", "description": "%s"}"""
                .formatted(name, definition, name));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    long id = created.json().get("@iot.id").asLong();
    observedProperties.put(name, id);
    return id;
  }

  /**
   * Provisions a device with one Datastream of the ObservedProperty and sends {@code readings}
   * hourly uplinks, the last one {@code quietHours} hours and 30 minutes before {@link #NOW}.
   */
  private List<CompletableFuture<?>> device(
      String id,
      String district,
      long observedProperty,
      Duration interval,
      int readings,
      double quietHours,
      IntToDoubleFunction value) {
    Answer thing =
        http.post(
            "/v1.1/Things",
            """
            {"name": "%s", "description": "a sensor",
             "Locations": [{"name": "here", "description": "here",
               "encodingType": "application/geo+json",
               "location": {"type": "Point", "coordinates": [8.4, 49.0]}}],
             "Datastreams": [{"name": "reading", "description": "its reading",
               "observationType": "%s",
               "unitOfMeasurement": {"name": "unit", "symbol": "u", "definition": "ucum:u"},
               "Sensor": {"name": "s", "description": "s", "encodingType": "application/pdf",
                          "metadata": "https://example.org/s.pdf"},
               "ObservedProperty": {"@iot.id": %d}}]}"""
                .formatted(id, MEASUREMENT, observedProperty));
    assertThat(thing.status()).as(thing.body()).isEqualTo(201);
    long thingId = thing.json().get("@iot.id").asLong();
    long datastream =
        http.get("/v1.1/Things(" + thingId + ")/Datastreams")
            .json()
            .get("value")
            .get(0)
            .get("@iot.id")
            .asLong();
    registry.provision(
        new NewDevice(
            id, thingId, id, null, district, null, Map.of("value", datastream), interval));
    Instant last =
        NOW.minus(Duration.ofMinutes(30)).minus(Duration.ofMinutes((long) (quietHours * 60)));
    List<CompletableFuture<?>> sent = new ArrayList<>();
    for (int h = 0; h < readings; h++) {
      Instant at = last.minus(Duration.ofHours(readings - 1 - h));
      byte[] payload =
          ("{\"value\":" + Math.round(value.applyAsDouble(h) * 1000) / 1000.0 + "}")
              .getBytes(StandardCharsets.UTF_8);
      sent.add(
          ingest.accept(
              new Uplink(
                  id,
                  payload,
                  at,
                  Optional.of(at),
                  Optional.empty(),
                  new Radio(-104.0, 6.5, 1, 81.0))));
    }
    return sent;
  }

  private DeviceHealth health(HealthReport report, String id) {
    return report.devices().stream()
        .filter(health -> health.deviceId().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not in the report"));
  }

  // -------------------------------------------------------------------------------- tests

  @Test
  void each_device_is_reported_in_its_state_since_the_time_its_data_shows() {
    HealthReport report = monitor.assessNow();

    assertThat(report.assessedAt()).isEqualTo(NOW);
    assertThat(health(report, "oldtown-never").state()).isEqualTo(HealthState.NEVER_SEEN);
    assertThat(health(report, "oldtown-never").since()).isEqualTo(PROVISIONED);
    DeviceHealth quiet = health(report, "oldtown-quiet");
    assertThat(quiet.state()).isEqualTo(HealthState.SILENT);
    assertThat(quiet.since()).isEqualTo(Instant.parse("2025-06-10T01:30:00Z"));
    assertThat(quiet.lastSeen()).isEqualTo(quiet.since());
    DeviceHealth stuck = health(report, "oldtown-stuck");
    assertThat(stuck.state()).isEqualTo(HealthState.STUCK);
    // The first 42 came at 05:30 two days and a half ago, before the 48 h window.
    assertThat(stuck.since()).isEqualTo(Instant.parse("2025-06-08T05:00:00Z"));
    DeviceHealth hot = health(report, "oldtown-hot");
    assertThat(hot.state()).isEqualTo(HealthState.OUT_OF_RANGE);
    assertThat(hot.since()).isEqualTo(Instant.parse("2025-06-10T06:00:00Z"));
    DeviceHealth drift = health(report, "harbour-drift");
    assertThat(drift.state()).as(drift.findings().toString()).isEqualTo(HealthState.DRIFTING);
    // It began to depart at its 11th reading (2025-06-09T16:30); the line fit crosses the
    // tolerance a few hours later.
    assertThat(drift.since())
        .isBetween(Instant.parse("2025-06-09T16:00:00Z"), Instant.parse("2025-06-09T23:00:00Z"));
    DeviceHealth lone = health(report, "westpark-drift");
    assertThat(lone.state()).as(lone.findings().toString()).isEqualTo(HealthState.DRIFTING);
    // It began to depart at its 13th reading (2025-06-09T18:30).
    assertThat(lone.since())
        .isBetween(Instant.parse("2025-06-09T18:00:00Z"), Instant.parse("2025-06-10T02:00:00Z"));
    // Beside the city's, the 85 degC sensor is out of range, not drifting as well.
    assertThat(health(report, "oldtown-hot").findings())
        .extracting(Finding::state)
        .containsExactly(HealthState.OUT_OF_RANGE);
    for (String ok : List.of("harbour-1", "harbour-2", "harbour-3")) {
      assertThat(health(report, ok).state())
          .as(health(report, ok).toString())
          .isEqualTo(HealthState.OK);
      assertThat(health(report, ok).since()).isNull();
    }
    assertThat(health(report, "harbour-3").intervalLearned()).isTrue();
    assertThat(health(report, "harbour-3").expectedInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(health(report, "harbour-1").batteryPercent()).isEqualTo(81.0);
    assertThat(report.devices())
        .extracting(DeviceHealth::deviceId)
        .doesNotContain("oldtown-revoked");
    // Dead first, then lying, then OK.
    assertThat(report.devices())
        .extracting(DeviceHealth::deviceId)
        .startsWith("oldtown-never", "oldtown-quiet")
        .containsSubsequence("harbour-drift", "oldtown-hot", "oldtown-stuck")
        .containsSubsequence("westpark-drift", "oldtown-hot");
    assertThat(report.counts())
        .containsEntry(HealthState.OK, 3)
        .containsEntry(HealthState.DRIFTING, 2)
        .containsEntry(HealthState.STUCK, 1)
        .containsEntry(HealthState.OUT_OF_RANGE, 1)
        .containsEntry(HealthState.SILENT, 1)
        .containsEntry(HealthState.NEVER_SEEN, 1);
  }

  @Test
  void a_start_found_once_is_kept_by_the_next_runs() {
    Instant first = health(monitor.assessNow(), "harbour-drift").since();

    clock.set(NOW.plus(Duration.ofMinutes(10)));
    try {
      assertThat(health(monitor.assessNow(), "harbour-drift").since()).isEqualTo(first);
      assertThat(health(monitor.assessNow(), "oldtown-stuck").since())
          .isEqualTo(Instant.parse("2025-06-08T05:00:00Z"));
    } finally {
      clock.set(NOW);
    }
  }

  @Test
  void the_http_report_filters_by_state_and_district_and_names_a_bad_state() {
    Answer assessed = http.post("/api/v1/devices/health/assess", "");
    assertThat(assessed.status()).as(assessed.body()).isEqualTo(200);
    assertThat(assessed.json().get("assessedAt").asText()).isEqualTo(NOW.toString());
    assertThat(assessed.json().get("counts").get("never-seen").asInt()).isEqualTo(1);
    assertThat(assessed.json().get("byDistrict").get("Harbour").get("ok").asInt()).isEqualTo(3);
    assertThat(assessed.json().get("byDistrict").get("Harbour").get("drifting").asInt())
        .isEqualTo(1);

    JsonNode silent = http.get("/api/v1/devices/health?state=silent").json().get("value");
    assertThat(silent).hasSize(1);
    assertThat(silent.get(0).get("deviceId").asText()).isEqualTo("oldtown-quiet");
    assertThat(silent.get(0).get("since").asText()).isEqualTo("2025-06-10T01:30:00Z");
    assertThat(silent.get(0).get("expectedInterval").asText()).isEqualTo("PT1H");
    assertThat(silent.get(0).get("rssiDbm").asDouble()).isEqualTo(-104.0);
    assertThat(silent.get(0).get("findings").get(0).get("state").asText()).isEqualTo("silent");
    assertThat(silent.get(0).get("findings").get(0).get("datastreamId").isNull()).isTrue();

    JsonNode harbour = http.get("/api/v1/devices/health?district=Harbour").json().get("value");
    assertThat(harbour).hasSize(4);
    assertThat(harbour.get(0).get("deviceId").asText()).isEqualTo("harbour-drift");
    JsonNode okInOldTown =
        http.get("/api/v1/devices/health?state=ok&district=Old%20Town").json().get("value");
    assertThat(okInOldTown).isEmpty();

    Answer bad = http.get("/api/v1/devices/health?state=dead");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(bad.json().get("field").asText()).isEqualTo("state");
  }

  @Test
  void one_device_has_its_health_and_an_unknown_one_is_404() {
    Answer stuck = http.get("/api/v1/devices/oldtown-stuck/health");
    assertThat(stuck.status()).as(stuck.body()).isEqualTo(200);
    assertThat(stuck.json().get("state").asText()).isEqualTo("stuck");
    assertThat(stuck.json().get("since").asText()).isEqualTo("2025-06-08T05:00:00Z");

    assertThat(http.get("/api/v1/devices/no-such-device/health").status()).isEqualTo(404);
    assertThat(http.get("/api/v1/devices/oldtown-revoked/health").status()).isEqualTo(404);
    // The device routes still answer beside the health routes.
    assertThat(http.get("/api/v1/devices/oldtown-stuck").status()).isEqualTo(200);
  }

  @Test
  void the_gauges_count_the_devices_of_each_state_in_metrics() {
    monitor.assessNow();

    String metrics = http.get("/metrics").body();

    assertThat(metrics)
        .containsPattern("civitas_devices\\{state=\"ok\",?\\} 3\\.0")
        .containsPattern("civitas_devices\\{state=\"silent\",?\\} 1\\.0")
        .containsPattern("civitas_devices\\{state=\"never-seen\",?\\} 1\\.0")
        .containsPattern("civitas_devices\\{state=\"stuck\",?\\} 1\\.0")
        .containsPattern("civitas_devices\\{state=\"out-of-range\",?\\} 1\\.0")
        .containsPattern("civitas_devices\\{state=\"drifting\",?\\} 2\\.0")
        .contains("civitas_devices_health_assessment_seconds_count");
  }

  @Test
  void a_started_monitor_assesses_on_its_own_thread() {
    HealthMonitor scheduled =
        new HealthMonitor(
            registry,
            server.sensing(),
            store.timeSeries(),
            clock,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            HealthPolicy.DEFAULT);
    try {
      scheduled.start(Duration.ofMillis(100));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> scheduled.latest().isPresent());
      assertThat(scheduled.latest().orElseThrow().counts().get(HealthState.STUCK)).isEqualTo(1);
    } finally {
      scheduled.close();
    }
  }
}
