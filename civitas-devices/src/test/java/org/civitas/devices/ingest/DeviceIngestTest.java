package org.civitas.devices.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.registry.NewDevice;
import org.civitas.devices.registry.Provisioned;
import org.civitas.devices.store.DeviceActivity;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.devices.store.DeviceStore;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.sensing.SensingApi;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on a real embedded store and the real SensorThings service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceIngestTest {
  private static final Instant RECEIVED = Instant.parse("2026-12-01T10:00:05Z");

  @TempDir static Path dataDir;

  private SensingStore sensing;
  private DeviceStore store;
  private SensingApi api;
  private DeviceRegistry registry;
  private DeviceIngest ingest;

  @BeforeAll
  void open() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    store = Storage.devices(sensing);
    api = SensingApi.create(sensing, Clock.systemUTC());
    registry = new DeviceRegistry(store, api, Clock.systemUTC());
    // An hour: only explicit flushes and close write activity in these tests.
    ingest = DeviceIngest.start(registry, store, api, Duration.ofHours(1));
  }

  @AfterAll
  void close() {
    ingest.close();
    sensing.close();
  }

  private Provisioned device(SensingFixtures.Graph graph, String profile) {
    return registry.provision(
        new NewDevice(
            "dev-" + UUID.randomUUID().toString().substring(0, 8),
            graph.thing(),
            "a device",
            profile,
            null,
            null,
            Map.of("fill", graph.datastream()),
            null));
  }

  private static Uplink uplink(String device, String payload, Radio radio) {
    return new Uplink(
        device,
        payload.getBytes(StandardCharsets.UTF_8),
        RECEIVED,
        Optional.empty(),
        Optional.empty(),
        radio);
  }

  @Test
  void mapped_fields_become_committed_observations_and_unmapped_ones_are_reported() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, "ingest");
    String id = device(graph, null).device().id();

    Accepted accepted =
        ingest.accept(uplink(id, "{\"fill\":73.5,\"noise\":40}", Radio.UNKNOWN)).join();

    assertThat(accepted.unmappedFields()).containsExactly("noise");
    assertThat(accepted.observationIds()).hasSize(1);
    Entity observation =
        sensing
            .find(EntityType.OBSERVATION, accepted.observationIds().getFirst(), java.util.Set.of())
            .orElseThrow();
    assertThat(new BigDecimal(observation.value("result").toString())).isEqualByComparingTo("73.5");
    assertThat(observation.value("phenomenonTime")).isEqualTo(new TimeValue.Instant(RECEIVED));
  }

  @Test
  void the_time_the_payload_gives_is_the_phenomenon_time() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, "timed");
    String id = device(graph, null).device().id();

    Accepted accepted =
        ingest
            .accept(
                uplink(id, "{\"t\":\"2026-11-30T08:00:00Z\",\"v\":{\"fill\":1}}", Radio.UNKNOWN))
            .join();

    Entity observation =
        sensing
            .find(EntityType.OBSERVATION, accepted.observationIds().getFirst(), java.util.Set.of())
            .orElseThrow();
    assertThat(observation.value("phenomenonTime"))
        .isEqualTo(new TimeValue.Instant(Instant.parse("2026-11-30T08:00:00Z")));
  }

  @Test
  void a_payload_of_only_unmapped_fields_an_unknown_device_and_a_revoked_one_are_refused() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, "refused");
    String id = device(graph, null).device().id();

    assertThatThrownBy(() -> ingest.accept(uplink(id, "{\"noise\":40}", Radio.UNKNOWN)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> ingest.accept(uplink("nobody", "{\"fill\":1}", Radio.UNKNOWN)))
        .isInstanceOf(NotFoundException.class);
    registry.revoke(id);
    assertThatThrownBy(() -> ingest.accept(uplink(id, "{\"fill\":1}", Radio.UNKNOWN)))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void a_cayenne_lpp_profile_decodes_binary_payloads_into_the_mapped_datastream() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, "lpp");
    registry.saveProfile(new DeviceProfile("lpp-profile", "cayenne-lpp", null));
    String id =
        registry
            .provision(
                new NewDevice(
                    "lpp-" + UUID.randomUUID().toString().substring(0, 8),
                    graph.thing(),
                    "an LPP device",
                    "lpp-profile",
                    null,
                    null,
                    Map.of("temperature_1", graph.datastream()),
                    null))
            .device()
            .id();
    // Channel 1, type 103 (temperature, 0.1 degC signed): 0x00E1 = 225 -> 22.5 degC.
    byte[] payload = {0x01, 0x67, 0x00, (byte) 0xE1};
    Uplink uplink =
        new Uplink(id, payload, RECEIVED, Optional.empty(), Optional.empty(), Radio.UNKNOWN);

    Accepted accepted = ingest.accept(uplink).join();

    Entity observation =
        sensing
            .find(EntityType.OBSERVATION, accepted.observationIds().getFirst(), java.util.Set.of())
            .orElseThrow();
    assertThat(new BigDecimal(observation.value("result").toString())).isEqualByComparingTo("22.5");
  }

  @Test
  void a_byte_layout_profile_is_checked_whole_when_it_is_saved() {
    assertThatThrownBy(
            () ->
                registry.saveProfile(
                    new DeviceProfile(
                        "broken-layout",
                        "byte-layout",
                        new org.civitas.sensing.model.Json(
                            "{\"fields\":[{\"name\":\"fill\",\"offset\":0,\"type\":\"uint99\"}]}"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("uint99");
    assertThat(registry.profile("broken-layout")).isEmpty();
  }

  @Test
  void a_redelivered_uplink_is_stored_once_and_answered_with_the_first_observations() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, "redelivered");
    String id = device(graph, null).device().id();
    Uplink first =
        new Uplink(
            id,
            "{\"fill\":40}".getBytes(StandardCharsets.UTF_8),
            RECEIVED,
            Optional.empty(),
            Optional.of("0004A30B001C0530:01ABCDEF:17:1"),
            Radio.UNKNOWN);
    Uplink again =
        new Uplink(
            id,
            first.payload(),
            RECEIVED.plusSeconds(30),
            Optional.empty(),
            first.messageId(),
            Radio.UNKNOWN);
    Uplink timedByPayload =
        uplink(id, "{\"t\":\"2026-11-30T08:00:00Z\",\"v\":{\"fill\":5}}", Radio.UNKNOWN);

    Accepted stored = ingest.accept(first).join();
    Accepted repeated = ingest.accept(again).join();
    Accepted timed = ingest.accept(timedByPayload).join();
    Accepted timedAgain = ingest.accept(timedByPayload).join();

    assertThat(repeated.observationIds()).isEqualTo(stored.observationIds());
    assertThat(timedAgain.observationIds()).isEqualTo(timed.observationIds());
    assertThat(
            sensing
                .query(
                    new org.civitas.sensing.query.EntityQuery(
                        EntityType.OBSERVATION,
                        Optional.of(
                            new org.civitas.sensing.query.Scope(
                                graph.datastream(),
                                EntityType.DATASTREAM.navigation("Observations").orElseThrow())),
                        java.util.List.of(),
                        0,
                        100,
                        false,
                        java.util.Set.of()))
                .entities())
        .hasSize(2);
  }

  @Test
  void activity_is_gathered_in_memory_and_written_in_one_batch_on_flush() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, "activity");
    String id = device(graph, null).device().id();
    ingest.accept(uplink(id, "{\"fill\":1}", new Radio(-101.0, 5.5, 2, 77.0))).join();
    ingest.accept(uplink(id, "{\"fill\":2}", new Radio(-90.0, null, 1, null))).join();

    assertThat(store.activity(id)).as("nothing is written per uplink").isEmpty();
    ingest.flush();

    assertThat(store.activity(id)).contains(new DeviceActivity(id, RECEIVED, 2, -90.0, 5.5, 77.0));
  }
}
