package org.civitas.devices.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.devices.store.DeviceState;
import org.civitas.devices.store.DeviceStore;
import org.civitas.error.CivitasException;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
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

/**
 * The registry on a real embedded store. Its caches live an hour here, so that every "at once"
 * below is the invalidation on this node, not an expiry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceRegistryTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

  @TempDir static Path dataDir;

  private SensingStore sensing;
  private DeviceStore store;
  private DeviceRegistry registry;

  @BeforeAll
  void open() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    store = Storage.devices(sensing);
    registry =
        new DeviceRegistry(store, SensingApi.create(sensing, CLOCK), CLOCK, Duration.ofHours(1));
  }

  @AfterAll
  void close() {
    sensing.close();
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private Provisioned provision(SensingFixtures.Graph graph) {
    return registry.provision(
        new NewDevice(
            unique("bin"),
            graph.thing(),
            "a bin",
            null,
            "Mitte",
            null,
            Map.of("fill", graph.datastream()),
            Duration.ofMinutes(15)));
  }

  @Test
  void a_secret_has_256_random_bits_and_is_stored_only_as_its_hash() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("bin"));
    Provisioned first = provision(graph);
    Provisioned second = provision(graph);

    assertThat(Base64.getUrlDecoder().decode(first.secret())).hasSize(32);
    assertThat(first.secret()).isNotEqualTo(second.secret()).matches("[A-Za-z0-9_-]{43}");
    String stored = store.credentialHash(first.device().id()).orElseThrow();
    assertThat(stored).isNotEqualTo(first.secret()).doesNotContain(first.secret());
    assertThat(stored).isEqualTo(Credentials.hash(first.secret())).matches("[0-9a-f]{64}");
    assertThat(store.findByCredentialHash(first.secret())).isEmpty();
    assertThat(first.toString()).doesNotContain(first.secret());
  }

  @Test
  void a_device_authenticates_with_its_id_and_secret_or_its_secret_as_bearer_token() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("auth"));
    Provisioned device = provision(graph);
    Provisioned other = provision(graph);
    String id = device.device().id();

    assertThat(registry.authenticate(id, device.secret())).map(Device::id).contains(id);
    assertThat(registry.authenticateBearer(device.secret())).map(Device::id).contains(id);
    assertThat(registry.authenticate(id, other.secret())).isEmpty();
    assertThat(registry.authenticate(id, device.secret() + "x")).isEmpty();
    assertThat(registry.authenticate("no-such-device", device.secret())).isEmpty();
    assertThat(registry.authenticateBearer("not a secret")).isEmpty();
    assertThat(registry.authenticateBearer("")).isEmpty();
  }

  @Test
  void a_rotated_secret_refuses_the_old_one_at_once() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("rot"));
    Provisioned device = provision(graph);
    String id = device.device().id();
    assertThat(registry.authenticate(id, device.secret())).isPresent();
    assertThat(registry.authenticateBearer(device.secret())).isPresent();

    Provisioned rotated = registry.rotate(id);

    assertThat(rotated.secret()).isNotEqualTo(device.secret());
    assertThat(registry.authenticate(id, device.secret())).isEmpty();
    assertThat(registry.authenticateBearer(device.secret())).isEmpty();
    assertThat(registry.authenticate(id, rotated.secret())).isPresent();
    assertThat(registry.authenticateBearer(rotated.secret())).isPresent();
  }

  @Test
  void a_revoked_device_is_refused_at_once_and_cannot_be_given_a_new_secret() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("rev"));
    Provisioned device = provision(graph);
    String id = device.device().id();
    assertThat(registry.authenticateBearer(device.secret())).isPresent();
    assertThat(registry.authenticate(id, device.secret())).isPresent();

    Device revoked = registry.revoke(id);

    assertThat(revoked.state()).isEqualTo(DeviceState.REVOKED);
    assertThat(revoked.revokedAt()).isEqualTo(CLOCK.instant());
    assertThat(registry.authenticateBearer(device.secret())).isEmpty();
    assertThat(registry.authenticate(id, device.secret())).isEmpty();
    assertThat(registry.find(id).orElseThrow().active()).isFalse();
    assertThatThrownBy(() -> registry.rotate(id)).isInstanceOf(ConflictException.class);
  }

  @Test
  void a_field_feeding_a_datastream_of_another_thing_is_refused_naming_the_field() {
    SensingFixtures.Graph mine = SensingFixtures.graph(sensing, unique("mine"));
    SensingFixtures.Graph theirs = SensingFixtures.graph(sensing, unique("theirs"));
    String id = unique("thief");
    Map<String, Long> fields = new LinkedHashMap<>();
    fields.put("fill", mine.datastream());
    fields.put("temperature", theirs.datastream());

    assertThatThrownBy(
            () ->
                registry.provision(
                    new NewDevice(id, mine.thing(), "x", null, null, null, fields, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Thing " + theirs.thing())
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("fields.temperature");
    assertThat(registry.find(id)).isEmpty();
    assertThat(registry.mayWrite(provision(mine).device(), theirs.datastream())).isFalse();
    assertThat(registry.mayWrite(provision(mine).device(), mine.datastream())).isTrue();
  }

  @Test
  void an_unknown_thing_profile_or_datastream_is_refused_naming_the_field() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("ref"));
    assertThatThrownBy(
            () ->
                registry.provision(
                    new NewDevice(unique("x"), 999_999L, "x", null, null, null, Map.of(), null)))
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("thingId");
    assertThatThrownBy(
            () ->
                registry.provision(
                    new NewDevice(
                        unique("x"), graph.thing(), "x", "no-such", null, null, Map.of(), null)))
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("profile");
    assertThatThrownBy(
            () ->
                registry.provision(
                    new NewDevice(
                        unique("x"),
                        graph.thing(),
                        "x",
                        null,
                        null,
                        null,
                        Map.of("fill", 999_999L),
                        null)))
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("fields.fill");
  }

  @Test
  void a_csv_file_creates_every_device_each_with_a_secret_that_authenticates() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("csv"));
    registry.saveProfile(new DeviceProfile("csv-json", "json", null));
    String a = unique("csv");
    String b = unique("csv");
    String csv =
        "id,name,thing_id,profile,district,dev_eui,expected_interval_seconds,fields\r\n"
            + a
            + ",\"Bin, north gate\","
            + graph.thing()
            + ",csv-json,Mitte,0011223344556677,900,fill="
            + graph.datastream()
            + "\r\n\r\n"
            + b
            + ",Bin two,"
            + graph.thing()
            + ",,,,,\r\n";

    CsvImport.Imported imported = (CsvImport.Imported) registry.importCsv(csv);

    assertThat(imported.devices()).extracting(p -> p.device().id()).containsExactly(a, b);
    Device first = registry.find(a).orElseThrow();
    assertThat(first.name()).isEqualTo("Bin, north gate");
    assertThat(first.profile()).isEqualTo("csv-json");
    assertThat(first.devEui()).isEqualTo("0011223344556677");
    assertThat(first.expectedInterval()).isEqualTo(Duration.ofSeconds(900));
    assertThat(first.fields()).containsExactly(Map.entry("fill", graph.datastream()));
    for (Provisioned device : imported.devices()) {
      assertThat(registry.authenticate(device.device().id(), device.secret())).isPresent();
    }
  }

  @Test
  void a_csv_file_with_bad_rows_reports_each_with_its_line_and_column_and_creates_nothing() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("bad"));
    SensingFixtures.Graph other = SensingFixtures.graph(sensing, unique("other"));
    String good = unique("good");
    String dup = unique("dup");
    String csv =
        String.join(
            "\n",
            "id,name,thing_id,fields,dev_eui,expected_interval_seconds",
            good + ",fine," + graph.thing() + ",fill=" + graph.datastream() + ",,",
            "bad id!,name," + graph.thing() + ",,,",
            unique("x") + ",name,seven,,,",
            unique("x") + ",name," + graph.thing() + ",fill=" + other.datastream() + ",,",
            unique("x") + ",name," + graph.thing() + ",fill:3,,",
            unique("x") + ",name," + graph.thing() + ",,XYZ,",
            dup + ",name," + graph.thing() + ",,,",
            dup + ",name," + graph.thing() + ",,,",
            unique("x") + ",name," + graph.thing() + ",,,-5",
            unique("x") + ",too,few");

    CsvImport.Rejected rejected = (CsvImport.Rejected) registry.importCsv(csv);

    assertThat(rejected.problems())
        .extracting(CsvProblem::line, CsvProblem::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, "id"),
            org.assertj.core.groups.Tuple.tuple(4, "thing_id"),
            org.assertj.core.groups.Tuple.tuple(5, "fields"),
            org.assertj.core.groups.Tuple.tuple(6, "fields"),
            org.assertj.core.groups.Tuple.tuple(7, "dev_eui"),
            org.assertj.core.groups.Tuple.tuple(9, "id"),
            org.assertj.core.groups.Tuple.tuple(10, "expected_interval_seconds"),
            org.assertj.core.groups.Tuple.tuple(11, "row"));
    assertThat(registry.find(good)).as("nothing of a bad file is created").isEmpty();
    assertThat(registry.find(dup)).isEmpty();
  }

  @Test
  void a_csv_header_with_an_unknown_or_missing_column_is_refused() {
    CsvImport.Rejected rejected =
        (CsvImport.Rejected) registry.importCsv("id,name,colour\nx,y,red\n");

    assertThat(rejected.problems())
        .extracting(CsvProblem::line, CsvProblem::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "header"),
            org.assertj.core.groups.Tuple.tuple(1, "header"));
    assertThat(rejected.problems().get(0).message()).contains("colour");
    assertThat(rejected.problems().get(1).message()).contains("thing_id");
    assertThat(registry.importCsv("")).isInstanceOf(CsvImport.Rejected.class);
  }

  @Test
  void an_update_is_checked_as_provisioning_is_and_keeps_the_secret() {
    SensingFixtures.Graph graph = SensingFixtures.graph(sensing, unique("upd"));
    SensingFixtures.Graph other = SensingFixtures.graph(sensing, unique("upd"));
    Provisioned device = provision(graph);
    Device current = device.device();
    Device renamed =
        new Device(
            current.id(),
            current.thingId(),
            "renamed",
            null,
            "Nord",
            null,
            null,
            Map.of("level", graph.datastream()),
            null,
            current.state(),
            current.createdAt(),
            null);

    assertThat(registry.update(renamed)).isEqualTo(renamed);
    assertThat(registry.find(current.id())).contains(renamed);
    assertThat(registry.authenticate(current.id(), device.secret())).contains(renamed);
    Device stealing =
        new Device(
            current.id(),
            current.thingId(),
            "x",
            null,
            null,
            null,
            null,
            Map.of("level", other.datastream()),
            null,
            current.state(),
            current.createdAt(),
            null);
    assertThatThrownBy(() -> registry.update(stealing))
        .extracting(e -> ((CivitasException) e).field().orElseThrow())
        .isEqualTo("fields.level");
    assertThat(registry.list(new org.civitas.devices.store.DeviceQuery(null, "Nord", 0, 10)))
        .extracting(Device::id)
        .contains(current.id());
  }

  @Test
  void credentials_compare_hashes_and_refuse_what_is_not_a_hash() {
    String secret = Credentials.newSecret();
    assertThat(Credentials.matches(secret, Credentials.hash(secret))).isTrue();
    assertThat(Credentials.matches(secret, Credentials.hash(secret + "x"))).isFalse();
    assertThat(Credentials.matches(secret, "not hex")).isFalse();
    assertThat(List.of(Credentials.newSecret(), Credentials.newSecret())).doesNotHaveDuplicates();
  }
}
