package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceActivity;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.devices.store.DeviceQuery;
import org.civitas.devices.store.DeviceState;
import org.civitas.devices.store.DeviceStore;
import org.civitas.devices.store.Registration;
import org.civitas.error.CivitasException;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.identity.Department;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The device registry's storage ({@link DeviceStore}, migration V5), run once per engine by a
 * subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DeviceStoreContract {
  private static final Instant CREATED = Instant.parse("2026-12-01T10:00:00.123Z");

  protected SensingStore sensing;
  protected DeviceStore devices;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    devices = Storage.devices(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String hash() {
    return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
  }

  private Device device(String id, SensingFixtures.Graph graph, String devEui) {
    Map<String, Long> fields = new LinkedHashMap<>();
    fields.put("fill", graph.datastream());
    return Device.active(
        id,
        graph.thing(),
        "bin " + id,
        null,
        "Mitte",
        devEui,
        fields,
        Duration.ofMinutes(15),
        CREATED);
  }

  @Test
  void a_created_device_reads_back_as_written_by_id_devEui_and_credential_hash() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("bin"));
    String id = unique("bin");
    String hash = hash();
    Device device = device(id, graph, "a1b2c3d4e5f60718");
    devices.create(new Registration(device, hash));

    assertThat(devices.find(id)).contains(device);
    assertThat(device.devEui()).isEqualTo("A1B2C3D4E5F60718");
    assertThat(devices.findByDevEui("a1b2c3d4e5f60718")).contains(device);
    assertThat(devices.findByCredentialHash(hash)).contains(device);
    assertThat(devices.credentialHash(id)).contains(hash);
    assertThat(devices.find("no-such-device")).isEmpty();
    assertThat(devices.findByCredentialHash(hash())).isEmpty();
  }

  @Test
  void fields_keep_their_order_and_an_update_replaces_what_may_change() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("station"));
    String id = unique("station");
    Map<String, Long> fields = new LinkedHashMap<>();
    fields.put("temperature", graph.datastream());
    fields.put("fill", graph.datastream());
    fields.put("humidity", graph.datastream());
    Device device =
        Device.active(id, graph.thing(), "station", null, null, null, fields, null, CREATED);
    devices.create(new Registration(device, hash()));
    assertThat(devices.find(id).orElseThrow().fields().keySet())
        .containsExactly("temperature", "fill", "humidity");

    devices.saveProfile(new DeviceProfile(unique("p"), "json", null));
    String profile = devices.listProfiles().getFirst().name();
    Device changed =
        Device.active(
            id,
            graph.thing(),
            "renamed",
            profile,
            "Nord",
            "00000000000000AA",
            Map.of("level", graph.datastream()),
            Duration.ofSeconds(90),
            CREATED);
    devices.update(changed);
    assertThat(devices.find(id)).contains(changed);
  }

  @Test
  void a_taken_id_or_devEui_is_a_conflict_naming_the_field_and_a_bad_list_creates_nothing() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("dup"));
    String id = unique("dup");
    devices.create(new Registration(device(id, graph, "1111111111111111"), hash()));

    assertThatThrownBy(() -> devices.create(new Registration(device(id, graph, null), hash())))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("id");
    String fresh = unique("dup");
    assertThatThrownBy(
            () ->
                devices.create(
                    List.of(
                        new Registration(device(fresh, graph, null), hash()),
                        new Registration(
                            device(unique("dup"), graph, "1111111111111111"), hash()))))
        .isInstanceOf(ConflictException.class)
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("devEui");
    assertThat(devices.find(fresh)).as("nothing of a refused list is created").isEmpty();
  }

  @Test
  void a_missing_thing_or_profile_is_refused_naming_the_field() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("ref"));
    Device noThing =
        Device.active(unique("ref"), 999_999_999L, "x", null, null, null, Map.of(), null, CREATED);
    assertThatThrownBy(() -> devices.create(new Registration(noThing, hash())))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("thingId");
    Device noProfile =
        Device.active(
            unique("ref"), graph.thing(), "x", "no-such", null, null, Map.of(), null, CREATED);
    assertThatThrownBy(() -> devices.create(new Registration(noProfile, hash())))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("profile");
  }

  @Test
  void a_replaced_credential_hash_stops_finding_the_device_by_the_old_one() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("rot"));
    String id = unique("rot");
    String old = hash();
    devices.create(new Registration(device(id, graph, null), old));
    String next = hash();
    devices.replaceCredentialHash(id, next);

    assertThat(devices.findByCredentialHash(old)).isEmpty();
    assertThat(devices.findByCredentialHash(next)).map(Device::id).contains(id);
    assertThat(devices.credentialHash(id)).contains(next);
    assertThatThrownBy(() -> devices.replaceCredentialHash("no-such", hash()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void a_revoked_device_keeps_its_row_but_loses_its_credential_for_good() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("rev"));
    String id = unique("rev");
    String hash = hash();
    devices.create(new Registration(device(id, graph, null), hash));
    Instant at = CREATED.plus(1, ChronoUnit.DAYS);

    Device revoked = devices.revoke(id, at);

    assertThat(revoked.state()).isEqualTo(DeviceState.REVOKED);
    assertThat(revoked.revokedAt()).isEqualTo(at);
    assertThat(devices.find(id)).contains(revoked);
    assertThat(devices.findByCredentialHash(hash)).isEmpty();
    assertThat(devices.credentialHash(id)).isEmpty();
    assertThatThrownBy(() -> devices.replaceCredentialHash(id, hash()))
        .isInstanceOf(ConflictException.class);
    assertThat(devices.revoke(id, at.plusSeconds(5)).revokedAt())
        .as("revoking again changes nothing")
        .isEqualTo(at);
  }

  @Test
  void devices_are_listed_by_id_with_state_and_district_filters_and_paging() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("list"));
    String district = unique("district");
    List<String> ids = List.of("list-a-" + district, "list-b-" + district, "list-c-" + district);
    for (String id : ids) {
      Device device =
          Device.active(id, graph.thing(), id, null, district, null, Map.of(), null, CREATED);
      devices.create(new Registration(device, hash()));
    }
    devices.revoke(ids.get(1), CREATED.plusSeconds(60));

    assertThat(devices.list(new DeviceQuery(null, district, 0, 10)))
        .extracting(Device::id)
        .containsExactlyElementsOf(ids);
    assertThat(devices.list(new DeviceQuery(DeviceState.ACTIVE, district, 0, 10)))
        .extracting(Device::id)
        .containsExactly(ids.get(0), ids.get(2));
    assertThat(devices.list(new DeviceQuery(DeviceState.REVOKED, district, 0, 10)))
        .extracting(Device::id)
        .containsExactly(ids.get(1));
    assertThat(devices.list(new DeviceQuery(null, district, 1, 1)))
        .extracting(Device::id)
        .containsExactly(ids.get(1));
  }

  @Test
  void a_device_keeps_its_department_and_a_departments_listing_shows_its_own_and_the_unowned() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("dept"));
    String district = unique("district");
    String waste = "bin-" + district;
    String transport = "loop-" + district;
    String unowned = "old-" + district;
    devices.create(
        new Registration(
            Device.active(
                    waste, graph.thing(), waste, null, district, null, Map.of(), null, CREATED)
                .withDepartment(Department.WASTE),
            hash()));
    devices.create(
        new Registration(
            Device.active(
                    transport,
                    graph.thing(),
                    transport,
                    null,
                    district,
                    null,
                    Map.of(),
                    null,
                    CREATED)
                .withDepartment(Department.TRANSPORT),
            hash()));
    devices.create(
        new Registration(
            Device.active(
                unowned, graph.thing(), unowned, null, district, null, Map.of(), null, CREATED),
            hash()));

    assertThat(devices.find(waste).orElseThrow().department()).isEqualTo(Department.WASTE);
    assertThat(devices.list(new DeviceQuery(null, district, Set.of(Department.WASTE), 0, 10)))
        .extracting(Device::id)
        .containsExactly(waste, unowned);
    assertThat(devices.list(new DeviceQuery(null, district, Set.of(), 0, 10)))
        .extracting(Device::id)
        .containsExactly(unowned);
    assertThat(devices.list(new DeviceQuery(null, district, null, 0, 10))).hasSize(3);

    devices.update(devices.find(unowned).orElseThrow().withDepartment(Department.HEALTH));
    assertThat(devices.find(unowned).orElseThrow().department()).isEqualTo(Department.HEALTH);
  }

  @Test
  void profiles_are_created_replaced_and_listed_by_name() {
    String name = unique("zz-profile");
    devices.saveProfile(new DeviceProfile(name, "byte-layout", new Json("{\"fields\":[]}")));
    devices.saveProfile(new DeviceProfile(name, "cayenne-lpp", null));

    assertThat(devices.findProfile(name)).contains(new DeviceProfile(name, "cayenne-lpp", null));
    assertThat(devices.listProfiles()).extracting(DeviceProfile::name).contains(name).isSorted();
    assertThat(devices.findProfile("no-such-profile")).isEmpty();
  }

  @Test
  void activity_adds_counts_keeps_the_latest_time_and_the_known_radio_values() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("act"));
    String id = unique("act");
    devices.create(new Registration(device(id, graph, null), hash()));
    Instant first = CREATED.plusSeconds(10);
    Instant later = CREATED.plusSeconds(20);

    devices.recordActivity(
        List.of(
            new DeviceActivity(id, later, 3, -97.5, 7.25, 88.0),
            new DeviceActivity("vanished-device", later, 1, null, null, null)));
    devices.recordActivity(List.of(new DeviceActivity(id, first, 2, -80.0, null, null)));

    assertThat(devices.activity(id)).contains(new DeviceActivity(id, later, 5, -80.0, 7.25, 88.0));
    assertThat(devices.activity("vanished-device")).isEmpty();
  }

  @Test
  void deleting_the_thing_deletes_its_devices_and_a_deleted_datastream_drops_its_field() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("cascade"));
    SensingFixtures.Graph other = SensingFixtures.graph(sensing, unique("cascade"));
    String id = unique("cascade");
    String kept = unique("cascade");
    devices.create(new Registration(device(id, graph, null), hash()));
    devices.create(new Registration(device(kept, other, null), hash()));
    devices.recordActivity(List.of(new DeviceActivity(id, CREATED, 1, null, null, null)));

    sensing.inTransaction(
        tx -> {
          tx.delete(EntityType.THING, graph.thing());
          tx.delete(EntityType.DATASTREAM, other.datastream());
          return null;
        });

    assertThat(devices.find(id)).isEmpty();
    assertThat(devices.activity(id)).isEmpty();
    assertThat(devices.find(kept).orElseThrow().fields()).isEmpty();
  }
}
