package org.civitas.devices.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceActivity;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.devices.store.DeviceQuery;
import org.civitas.devices.store.DeviceStore;
import org.civitas.devices.store.Registration;
import org.civitas.error.CivitasException;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.identity.Department;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Navigation;
import org.civitas.server.sensing.SensingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The city's registered devices and their credentials: provisioning (one device or a CSV file),
 * rotation and revocation of secrets, authentication of connectors' devices, and which Datastreams
 * a device may write.
 *
 * <p>Secrets: see {@link Credentials}. A secret is returned once, by {@link #provision}, {@link
 * #importCsv} or {@link #rotate}, and never stored or logged.
 *
 * <p>Caching: devices (with their credential hash), profiles and the Thing of each Datastream are
 * cached for {@link #DEFAULT_CACHE_TTL} so that authenticating a connection or an HTTP uplink does
 * not always query the database. What this registry changes (rotation, revocation, an update) it
 * invalidates on this node at once, so here an old secret or a revoked device is refused by the
 * very next call. Another node serving the same database sees the change when its entry expires,
 * within {@link #DEFAULT_CACHE_TTL}.
 *
 * <p>Thread-safe.
 */
public final class DeviceRegistry {
  private static final Logger log = LoggerFactory.getLogger(DeviceRegistry.class);

  /**
   * How stale a cached device, profile or Datastream owner may be on a node that did not change it.
   */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(2);

  private static final int CACHE_ENTRIES = 100_000;
  private static final Navigation DATASTREAM_THING =
      EntityType.DATASTREAM.navigation("Thing").orElseThrow();

  /** A device with the hash of its credential (null once revoked), as cached. */
  private record Known(Device device, String credentialHash) {}

  private final DeviceStore store;
  private final SensingApi sensing;
  private final Clock clock;
  private final TtlCache<String, Optional<Known>> devices;
  private final TtlCache<String, Optional<String>> bearers;
  private final TtlCache<String, Optional<DeviceProfile>> profiles;
  private final TtlCache<Long, OptionalLong> datastreamThings;

  public DeviceRegistry(DeviceStore store, SensingApi sensing, Clock clock) {
    this(store, sensing, clock, DEFAULT_CACHE_TTL);
  }

  /**
   * @param cacheTtl how long answers are cached; zero caches nothing
   */
  public DeviceRegistry(DeviceStore store, SensingApi sensing, Clock clock, Duration cacheTtl) {
    this.store = store;
    this.sensing = sensing;
    this.clock = clock;
    this.devices = new TtlCache<>(clock, cacheTtl, CACHE_ENTRIES);
    this.bearers = new TtlCache<>(clock, cacheTtl, CACHE_ENTRIES);
    this.profiles = new TtlCache<>(clock, cacheTtl, CACHE_ENTRIES);
    this.datastreamThings = new TtlCache<>(clock, cacheTtl, CACHE_ENTRIES);
  }

  // ------------------------------------------------------------------------- provisioning

  /**
   * Registers one device and makes its secret.
   *
   * @throws InvalidInputException naming the field ({@code thingId}, {@code profile}, {@code
   *     fields.<name>} ...) when the device breaks a rule; nothing is created
   * @throws ConflictException naming {@code id} or {@code devEui} when one is taken
   */
  public Provisioned provision(NewDevice request) {
    Checked checked = check(request);
    if (!checked.issues().isEmpty()) {
      throw checked.issues().getFirst().exception();
    }
    String secret = Credentials.newSecret();
    store.create(new Registration(checked.device(), Credentials.hash(secret)));
    devices.invalidate(checked.device().id());
    log.info("device {} provisioned for Thing {}", checked.device().id(), request.thingId());
    return new Provisioned(checked.device(), secret);
  }

  /**
   * Registers every device of a CSV file, or none. The header names the columns {@code
   * id,name,thing_id,profile,district,dev_eui,expected_interval_seconds,fields,department} (the
   * first three required), {@code fields} as {@code name=datastreamId;name2=id2}. The whole file is
   * checked first; when any row is bad, every problem found is answered with its line and column
   * and nothing is created.
   */
  public CsvImport importCsv(String csv) {
    return importCsv(csv, UnaryOperator.identity());
  }

  /**
   * As {@link #importCsv(String)}, each row's request first passed through {@code admit} (which
   * settles its department for the importing operator); what {@code admit} refuses with a {@link
   * CivitasException} is a problem of that row, in the column its field names.
   */
  public CsvImport importCsv(String csv, UnaryOperator<NewDevice> admit) {
    DeviceCsv.Parsed parsed = DeviceCsv.parse(csv);
    List<CsvProblem> problems = new ArrayList<>(parsed.problems());
    List<Device> accepted = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> devEuis = new HashSet<>();
    for (DeviceCsv.Row row : parsed.rows()) {
      List<CsvProblem> rowProblems = new ArrayList<>();
      NewDevice request = fromRow(row, rowProblems);
      if (request == null) {
        problems.addAll(rowProblems);
        continue;
      }
      try {
        request = admit.apply(request);
      } catch (CivitasException e) {
        problems.add(new CsvProblem(row.line(), column(e.field().orElse(null)), e.getMessage()));
        continue;
      }
      Checked checked = check(request);
      for (Issue issue : checked.issues()) {
        problems.add(new CsvProblem(row.line(), column(issue.field()), issue.message()));
      }
      if (checked.device() != null && checked.issues().isEmpty()) {
        Device device = checked.device();
        if (!ids.add(device.id())) {
          problems.add(
              new CsvProblem(row.line(), "id", "device " + device.id() + " is twice in the file"));
        } else if (device.devEui() != null && !devEuis.add(device.devEui())) {
          problems.add(
              new CsvProblem(
                  row.line(), "dev_eui", "DevEUI " + device.devEui() + " is twice in the file"));
        } else {
          accepted.add(device);
        }
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(java.util.Comparator.comparingInt(CsvProblem::line));
      return new CsvImport.Rejected(problems);
    }
    List<Provisioned> provisioned = new ArrayList<>();
    List<Registration> registrations = new ArrayList<>();
    for (Device device : accepted) {
      String secret = Credentials.newSecret();
      provisioned.add(new Provisioned(device, secret));
      registrations.add(new Registration(device, Credentials.hash(secret)));
    }
    store.create(registrations);
    accepted.forEach(device -> devices.invalidate(device.id()));
    log.info("{} devices imported from CSV", accepted.size());
    return new CsvImport.Imported(provisioned);
  }

  private NewDevice fromRow(DeviceCsv.Row row, List<CsvProblem> problems) {
    int line = row.line();
    long thingId = 0;
    String thing = row.cell("thing_id");
    try {
      thingId = Long.parseLong(thing == null ? "" : thing);
    } catch (NumberFormatException e) {
      problems.add(
          new CsvProblem(
              line,
              "thing_id",
              "thing_id must be the id of a Thing (a number), found \""
                  + (thing == null ? "" : thing)
                  + "\""));
    }
    Duration interval = null;
    String seconds = row.cell("expected_interval_seconds");
    if (seconds != null) {
      try {
        interval = Duration.ofSeconds(Long.parseLong(seconds));
      } catch (NumberFormatException e) {
        problems.add(
            new CsvProblem(
                line,
                "expected_interval_seconds",
                "expected_interval_seconds must be a whole number of seconds, found \""
                    + seconds
                    + "\""));
      }
    }
    Department department = null;
    String departmentName = row.cell("department");
    if (departmentName != null) {
      department = Department.fromWire(departmentName).orElse(null);
      if (department == null) {
        problems.add(
            new CsvProblem(
                line,
                "department",
                "department is one of "
                    + Department.wireNames()
                    + ", found \""
                    + departmentName
                    + "\""));
      }
    }
    Map<String, Long> fields = new LinkedHashMap<>();
    String mapping = row.cell("fields");
    if (mapping != null) {
      for (String pair : mapping.split(";", -1)) {
        if (pair.isBlank()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = equals < 0 ? pair.strip() : pair.substring(0, equals).strip();
        String id = equals < 0 ? "" : pair.substring(equals + 1).strip();
        try {
          if (fields.put(name, Long.parseLong(id)) != null) {
            problems.add(new CsvProblem(line, "fields", "field " + name + " is mapped twice"));
          }
        } catch (NumberFormatException e) {
          problems.add(
              new CsvProblem(
                  line,
                  "fields",
                  "fields are name=datastreamId;name2=id2, found \"" + pair.strip() + "\""));
        }
      }
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new NewDevice(
        row.cell("id"),
        thingId,
        row.cell("name"),
        row.cell("profile"),
        row.cell("district"),
        row.cell("dev_eui"),
        fields,
        interval,
        department);
  }

  /** The CSV column of a field as the model names it. */
  private static String column(String field) {
    if (field == null) {
      return "row";
    }
    if (field.startsWith("fields")) {
      return "fields";
    }
    return switch (field) {
      case "thingId" -> "thing_id";
      case "devEui" -> "dev_eui";
      case "expectedInterval" -> "expected_interval_seconds";
      default -> field;
    };
  }

  /** A broken rule: the field as the JSON API names it, and whether it is a conflict. */
  private record Issue(String field, String message, boolean conflict) {
    RuntimeException exception() {
      return conflict
          ? new ConflictException(message, field)
          : new InvalidInputException(message, field);
    }
  }

  private record Checked(Device device, List<Issue> issues) {}

  /** Every rule {@code request} breaks against what is stored. */
  private Checked check(NewDevice request) {
    Device device;
    try {
      device =
          Device.active(
                  request.id(),
                  request.thingId(),
                  request.name(),
                  request.profile(),
                  request.district(),
                  request.devEui(),
                  request.fields(),
                  request.expectedInterval(),
                  clock.instant())
              .withDepartment(request.department());
    } catch (InvalidInputException e) {
      return new Checked(null, List.of(new Issue(e.field().orElse(null), e.getMessage(), false)));
    }
    List<Issue> issues = new ArrayList<>(checkReferences(device));
    if (store.find(device.id()).isPresent()) {
      issues.add(new Issue("id", "a device with id " + device.id() + " exists already", true));
    }
    if (device.devEui() != null && store.findByDevEui(device.devEui()).isPresent()) {
      issues.add(new Issue("devEui", "another device has DevEUI " + device.devEui(), true));
    }
    return new Checked(device, issues);
  }

  /** The Thing, the profile and each field's Datastream (which must be the Thing's). */
  private List<Issue> checkReferences(Device device) {
    List<Issue> issues = new ArrayList<>();
    if (sensing.find(EntityType.THING, device.thingId()).isEmpty()) {
      issues.add(new Issue("thingId", "no Thing with id " + device.thingId(), false));
      return issues;
    }
    if (device.profile() != null && profile(device.profile()).isEmpty()) {
      issues.add(new Issue("profile", "no device profile named " + device.profile(), false));
    }
    device
        .fields()
        .forEach(
            (field, datastream) -> {
              OptionalLong owner = thingOf(datastream);
              if (owner.isEmpty()) {
                issues.add(
                    new Issue(
                        "fields." + field,
                        "field "
                            + field
                            + " names Datastream "
                            + datastream
                            + ", which does not exist",
                        false));
              } else if (owner.getAsLong() != device.thingId()) {
                issues.add(
                    new Issue(
                        "fields." + field,
                        "field "
                            + field
                            + " names Datastream "
                            + datastream
                            + " of Thing "
                            + owner.getAsLong()
                            + "; a device writes only Datastreams of its own Thing "
                            + device.thingId(),
                        false));
              }
            });
    return issues;
  }

  // ------------------------------------------------------------------- changes and secrets

  /**
   * Replaces what may change of a device (name, profile, district, DevEUI, fields, expected
   * interval), checked as at provisioning.
   *
   * @return the device as stored
   */
  public Device update(Device changed) {
    Device current = require(changed.id());
    if (current.thingId() != changed.thingId()) {
      throw new InvalidInputException("a device's Thing cannot change", "thingId");
    }
    List<Issue> issues = new ArrayList<>(checkReferences(changed));
    if (changed.devEui() != null) {
      store
          .findByDevEui(changed.devEui())
          .filter(other -> !other.id().equals(changed.id()))
          .ifPresent(
              other ->
                  issues.add(
                      new Issue("devEui", "another device has DevEUI " + changed.devEui(), true)));
    }
    if (!issues.isEmpty()) {
      throw issues.getFirst().exception();
    }
    store.update(changed);
    devices.invalidate(changed.id());
    return require(changed.id());
  }

  /**
   * Makes a new secret for an active device; the old one is refused from now on.
   *
   * @throws NotFoundException when there is no such device
   * @throws ConflictException when it is revoked
   */
  public Provisioned rotate(String id) {
    Device device = require(id);
    String secret = Credentials.newSecret();
    store.replaceCredentialHash(id, Credentials.hash(secret));
    devices.invalidate(id);
    log.info("device {}: credential rotated", id);
    return new Provisioned(device, secret);
  }

  /**
   * Revokes a device: it is refused from now on, by every connector, and cannot be given a new
   * secret.
   *
   * @return the revoked device
   * @throws NotFoundException when there is no such device
   */
  public Device revoke(String id) {
    Device revoked = store.revoke(Device.checkId(id), clock.instant());
    devices.invalidate(id);
    log.info("device {} revoked", id);
    return revoked;
  }

  // ------------------------------------------------------------------------ authentication

  /**
   * The active device {@code deviceId} if {@code secret} is its secret (an MQTT user name and
   * password); compares hashes in constant time.
   */
  public Optional<Device> authenticate(String deviceId, String secret) {
    if (deviceId == null || secret == null) {
      return Optional.empty();
    }
    return known(deviceId)
        .filter(known -> known.device().active() && known.credentialHash() != null)
        .filter(known -> Credentials.matches(secret, known.credentialHash()))
        .map(Known::device);
  }

  /** The active device whose secret is {@code token} (an HTTP {@code Bearer} token). */
  public Optional<Device> authenticateBearer(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    String hash = Credentials.hash(token);
    // The hash finds the device; the device entry (invalidated by rotate and revoke) decides.
    return bearers
        .get(hash, key -> store.findByCredentialHash(key).map(Device::id))
        .flatMap(this::known)
        .filter(known -> known.device().active() && known.credentialHash() != null)
        .filter(known -> Credentials.matches(token, known.credentialHash()))
        .map(Known::device);
  }

  private Optional<Known> known(String id) {
    return devices.get(
        id,
        key ->
            store
                .find(key)
                .map(device -> new Known(device, store.credentialHash(key).orElse(null))));
  }

  // --------------------------------------------------------------------------------- reads

  /** The device, active or revoked (cached briefly). */
  public Optional<Device> find(String id) {
    return known(id).map(Known::device);
  }

  /** The device with this LoRaWAN DevEUI (any case), active or revoked. */
  public Optional<Device> findByDevEui(String devEui) {
    return store.findByDevEui(devEui);
  }

  /** One page of devices, ordered by id. */
  public List<Device> list(DeviceQuery query) {
    return store.list(query);
  }

  /** The device's activity as last flushed by the ingest pipeline. */
  public Optional<DeviceActivity> activity(String id) {
    return store.activity(id);
  }

  private Device require(String id) {
    return find(Device.checkId(id))
        .orElseThrow(() -> new NotFoundException("no device with id " + id, "id"));
  }

  /**
   * Whether {@code device} may write Observations to {@code datastreamId}: the Datastream belongs
   * to the device's Thing (checked against the store, cached briefly).
   */
  public boolean mayWrite(Device device, long datastreamId) {
    OptionalLong owner = thingOf(datastreamId);
    return owner.isPresent() && owner.getAsLong() == device.thingId();
  }

  private OptionalLong thingOf(long datastreamId) {
    return datastreamThings.get(
        datastreamId,
        id -> {
          try {
            List<Long> things = sensing.linked(DATASTREAM_THING, id, 1);
            return things.isEmpty() ? OptionalLong.empty() : OptionalLong.of(things.getFirst());
          } catch (NotFoundException noSuchDatastream) {
            return OptionalLong.empty();
          }
        });
  }

  // ------------------------------------------------------------------------------ profiles

  /**
   * Creates or replaces a profile after checking that its codec can be built (a byte layout is
   * checked whole), so that no device is left with a profile its uplinks cannot be decoded by.
   *
   * @throws InvalidInputException naming the codec's offending part
   */
  public DeviceProfile saveProfile(DeviceProfile profile) {
    org.civitas.devices.codec.Codecs.forProfile(profile);
    store.saveProfile(profile);
    profiles.invalidate(profile.name());
    return profile;
  }

  /** The profile (cached briefly). */
  public Optional<DeviceProfile> profile(String name) {
    return profiles.get(name, store::findProfile);
  }

  public List<DeviceProfile> profiles() {
    return store.listProfiles();
  }
}
