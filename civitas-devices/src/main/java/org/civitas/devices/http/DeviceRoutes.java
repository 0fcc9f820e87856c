package org.civitas.devices.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.civitas.devices.ingest.Accepted;
import org.civitas.devices.ingest.DeviceIngest;
import org.civitas.devices.ingest.Radio;
import org.civitas.devices.ingest.Uplink;
import org.civitas.devices.registry.CsvImport;
import org.civitas.devices.registry.CsvProblem;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.registry.NewDevice;
import org.civitas.devices.registry.Provisioned;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.DeviceQuery;
import org.civitas.devices.store.DeviceState;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.identity.Principal;
import org.civitas.server.access.Callers;
import org.civitas.server.access.DepartmentScope;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.http.Problem;
import org.civitas.server.http.ProblemResponses;

/**
 * The device registry's HTTP API below {@code /api/v1} (see docs/API.md, "Devices"): provisioning,
 * CSV import, listing, changes, credential rotation, revocation, profiles, and the devices' own
 * HTTP uplink with a bearer token. JSON in and out; errors are problem+json naming the field.
 *
 * <p>A device and its secret: the secret is in the answer of provisioning, import and rotation
 * only; no answer ever holds a secret's hash.
 */
public final class DeviceRoutes {
  static final String DEVICES = "/api/v1/devices";
  static final String PROFILES = "/api/v1/device-profiles";
  static final int DEFAULT_TOP = 100;
  static final int MAX_TOP = 1000;

  private static final String JSON = "application/json";
  private static final String CHALLENGE = "Bearer realm=\"civitas\"";

  /** Answers to uplinks that waited on the ingest path, off its writer thread; nothing to close. */
  private static final Executor RESPONSES = Thread::startVirtualThread;

  private static final Set<String> NEW_DEVICE =
      Set.of(
          "id",
          "thingId",
          "name",
          "profile",
          "district",
          "department",
          "devEui",
          "fields",
          "expectedInterval");
  private static final Set<String> CHANGES =
      Set.of("name", "profile", "district", "department", "devEui", "fields", "expectedInterval");

  private final DeviceRegistry registry;
  private final DeviceIngest ingest;
  private final Clock clock;

  private DeviceRoutes(DeviceRegistry registry, DeviceIngest ingest, Clock clock) {
    this.registry = registry;
    this.ingest = ingest;
    this.clock = clock;
  }

  /** Registers every device route; pass it to {@code CivitasServer.withRoutes}. */
  public static void register(
      RoutesConfig routes, DeviceRegistry registry, DeviceIngest ingest, Clock clock) {
    DeviceRoutes api = new DeviceRoutes(registry, ingest, clock);
    routes.post(DEVICES, api::provision);
    routes.get(DEVICES, api::list);
    routes.post(DEVICES + "/import", api::importCsv);
    routes.get(DEVICES + "/{id}", api::get);
    routes.patch(DEVICES + "/{id}", api::patch);
    routes.post(DEVICES + "/{id}/credentials", api::rotate);
    routes.post(DEVICES + "/{id}/revoke", api::revoke);
    routes.post(DEVICES + "/{id}/uplink", api::uplink);
    routes.get(PROFILES, api::profiles);
    routes.get(PROFILES + "/{name}", api::profile);
    routes.put(PROFILES + "/{name}", api::saveProfile);
  }

  // ----------------------------------------------------------------------------- registry

  private void provision(Context ctx) {
    ObjectNode body = JsonCodec.readObject(ctx.bodyAsBytes());
    DeviceJson.onlyMembers(body, NEW_DEVICE);
    NewDevice request =
        new NewDevice(
            DeviceJson.text(body, "id"),
            DeviceJson.positiveLong(body, "thingId"),
            DeviceJson.text(body, "name"),
            DeviceJson.text(body, "profile"),
            DeviceJson.text(body, "district"),
            DeviceJson.text(body, "devEui"),
            DeviceJson.fields(body),
            DeviceJson.duration(body, "expectedInterval"));
    String district = request.district();
    request =
        request.withDepartment(
            DepartmentScope.forNew(
                Callers.of(ctx), DeviceJson.department(body), district, "this device"));
    Provisioned provisioned = registry.provision(request);
    ctx.header("Location", DEVICES + "/" + provisioned.device().id());
    respond(ctx, 201, withSecret(provisioned));
  }

  private static ObjectNode withSecret(Provisioned provisioned) {
    ObjectNode json = DeviceJson.device(provisioned.device());
    json.put("secret", provisioned.secret());
    return json;
  }

  private void importCsv(Context ctx) {
    String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
    if (!type.startsWith("text/csv")) {
      throw new InvalidInputException(
          "a device import is text/csv, found " + (type.isEmpty() ? "no content type" : type),
          "Content-Type");
    }
    Principal caller = Callers.of(ctx);
    String csv = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
    switch (registry.importCsv(
        csv,
        request ->
            request.withDepartment(
                DepartmentScope.forNew(
                    caller, request.department(), request.district(), "this device")))) {
      case CsvImport.Imported imported -> {
        ObjectNode answer = JsonCodec.newObject();
        answer.put("count", imported.devices().size());
        ArrayNode devices = answer.putArray("devices");
        imported.devices().forEach(device -> devices.add(withSecret(device)));
        respond(ctx, 201, answer);
      }
      case CsvImport.Rejected rejected -> {
        Problem problem =
            Problem.of(
                400,
                "invalid",
                "Invalid request",
                rejected.problems().size() + " problems in the CSV file; no device was created",
                "csv");
        ObjectNode answer =
            (ObjectNode)
                JsonCodec.readTree(new String(JsonCodec.write(problem), StandardCharsets.UTF_8));
        ArrayNode problems = answer.putArray("problems");
        for (CsvProblem found : rejected.problems()) {
          problems
              .addObject()
              .put("line", found.line())
              .put("column", found.column())
              .put("message", found.message());
        }
        ctx.status(400).contentType(ProblemResponses.CONTENT_TYPE).result(JsonCodec.write(answer));
      }
    }
  }

  private void list(Context ctx) {
    DeviceState state = null;
    String stateText = ctx.queryParam("state");
    if (stateText != null) {
      try {
        state = DeviceState.valueOf(stateText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "state is active or revoked, found \"" + stateText + "\"", "state");
      }
    }
    String district = ctx.queryParam("district");
    int top = intParam(ctx, "top", DEFAULT_TOP, 1, MAX_TOP);
    int skip = intParam(ctx, "skip", 0, 0, Integer.MAX_VALUE);
    Principal caller = Callers.of(ctx);
    List<Device> page =
        registry.list(
            new DeviceQuery(
                state, district, DepartmentScope.visibleDepartments(caller), skip, top + 1));
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    // A district-scoped operator's department shows its devices of other districts too; those
    // are left out here (the page may then be shorter than top).
    page.stream()
        .limit(top)
        .filter(d -> DepartmentScope.mayRead(caller, d.department(), d.district()))
        .forEach(device -> value.add(DeviceJson.device(device)));
    if (page.size() > top) {
      StringBuilder next = new StringBuilder(DEVICES + "?top=" + top + "&skip=" + (skip + top));
      if (state != null) {
        next.append("&state=").append(state.name().toLowerCase(Locale.ROOT));
      }
      if (district != null) {
        next.append("&district=")
            .append(java.net.URLEncoder.encode(district, StandardCharsets.UTF_8));
      }
      answer.put("nextLink", next.toString());
    }
    respond(ctx, 200, answer);
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidInputException(
        name + " is a whole number from " + min + " to " + max + ", found \"" + text + "\"", name);
  }

  private void get(Context ctx) {
    Device device = existing(ctx.pathParam("id"));
    DepartmentScope.requireRead(
        Callers.of(ctx), device.department(), device.district(), "device " + device.id());
    ObjectNode json = DeviceJson.device(device);
    registry
        .activity(device.id())
        .ifPresentOrElse(
            activity -> json.set("activity", DeviceJson.activity(activity)),
            () -> json.putNull("activity"));
    respond(ctx, 200, json);
  }

  private Device existing(String id) {
    return registry
        .find(Device.checkId(id))
        .orElseThrow(() -> new NotFoundException("no device with id " + id, "id"));
  }

  private void patch(Context ctx) {
    Device current = changeable(ctx);
    ObjectNode body = JsonCodec.readObject(ctx.bodyAsBytes());
    DeviceJson.onlyMembers(body, CHANGES);
    Device changed =
        new Device(
            current.id(),
            current.thingId(),
            body.has("name") ? DeviceJson.text(body, "name") : current.name(),
            body.has("profile") ? DeviceJson.text(body, "profile") : current.profile(),
            body.has("district") ? DeviceJson.text(body, "district") : current.district(),
            body.has("department") ? DeviceJson.department(body) : current.department(),
            body.has("devEui") ? DeviceJson.text(body, "devEui") : current.devEui(),
            body.has("fields") ? DeviceJson.fields(body) : current.fields(),
            body.has("expectedInterval")
                ? DeviceJson.duration(body, "expectedInterval")
                : current.expectedInterval(),
            current.state(),
            current.createdAt(),
            current.revokedAt());
    // Handing a device to another department (or moving it out of the operator's district)
    // needs the right to change it there too.
    DepartmentScope.requireChange(
        Callers.of(ctx), changed.department(), changed.district(), "device " + changed.id());
    respond(ctx, 200, DeviceJson.device(registry.update(changed)));
  }

  /** The device of the path, which the caller's department must run. */
  private Device changeable(Context ctx) {
    Device device = existing(ctx.pathParam("id"));
    DepartmentScope.requireChange(
        Callers.of(ctx), device.department(), device.district(), "device " + device.id());
    return device;
  }

  private void rotate(Context ctx) {
    respond(ctx, 200, withSecret(registry.rotate(changeable(ctx).id())));
  }

  private void revoke(Context ctx) {
    respond(ctx, 200, DeviceJson.device(registry.revoke(changeable(ctx).id())));
  }

  // ------------------------------------------------------------------------------ profiles

  private void profiles(Context ctx) {
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    registry.profiles().forEach(profile -> value.add(DeviceJson.profile(profile)));
    respond(ctx, 200, answer);
  }

  private void profile(Context ctx) {
    String name = ctx.pathParam("name");
    respond(
        ctx,
        200,
        DeviceJson.profile(
            registry
                .profile(name)
                .orElseThrow(
                    () -> new NotFoundException("no device profile named " + name, "name"))));
  }

  private void saveProfile(Context ctx) {
    String name = ctx.pathParam("name");
    ObjectNode body = JsonCodec.readObject(ctx.bodyAsBytes());
    respond(ctx, 200, DeviceJson.profile(registry.saveProfile(DeviceJson.readProfile(name, body))));
  }

  // -------------------------------------------------------------------------------- uplink

  /**
   * A device's own uplink: its secret as a bearer token (RFC 6750), the payload in its codec.
   * Answered 201 with the Observation ids only once they are committed.
   */
  private void uplink(Context ctx) {
    String id = ctx.pathParam("id");
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      unauthorized(ctx, CHALLENGE, "the device's secret is needed as a Bearer token");
      return;
    }
    Optional<Device> device = registry.authenticateBearer(header.substring(7).strip());
    if (device.isEmpty()) {
      unauthorized(
          ctx,
          CHALLENGE + ", error=\"invalid_token\"",
          "the token is no secret of an active device");
      return;
    }
    if (!device.get().id().equals(id)) {
      problem(
          ctx,
          Problem.of(
              403,
              "forbidden",
              "Forbidden",
              "the token is the secret of another device; a device sends only its own uplinks",
              "id"));
      return;
    }
    Uplink uplink =
        new Uplink(
            id,
            ctx.bodyAsBytes(),
            clock.instant(),
            Optional.empty(),
            Optional.empty(),
            Radio.UNKNOWN);
    CompletableFuture<Accepted> accepted = ingest.accept(uplink);
    ctx.future(
        () ->
            accepted.handleAsync(
                (done, failure) -> {
                  if (failure != null) {
                    ProblemResponses.respond(ctx, failure);
                  } else {
                    ObjectNode answer = JsonCodec.newObject();
                    answer.put("device", done.deviceId());
                    ArrayNode ids = answer.putArray("observations");
                    done.observationIds().forEach(ids::add);
                    ArrayNode unmapped = answer.putArray("unmapped");
                    done.unmappedFields().forEach(unmapped::add);
                    respond(ctx, 201, answer);
                  }
                  return null;
                },
                RESPONSES));
  }

  private static void unauthorized(Context ctx, String challenge, String detail) {
    ctx.header("WWW-Authenticate", challenge);
    problem(ctx, Problem.of(401, "unauthorized", "Unauthorized", detail, "Authorization"));
  }

  private static void problem(Context ctx, Problem problem) {
    ctx.status(problem.status())
        .contentType(ProblemResponses.CONTENT_TYPE)
        .result(JsonCodec.write(problem));
  }

  private static void respond(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(JsonCodec.write(body));
  }
}
