package org.civitas.devices.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.civitas.devices.health.DeviceHealth;
import org.civitas.devices.health.Finding;
import org.civitas.devices.health.HealthMonitor;
import org.civitas.devices.health.HealthReport;
import org.civitas.devices.health.HealthState;
import org.civitas.devices.registry.DeviceRegistry;
import org.civitas.devices.store.Device;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.server.http.JsonCodec;

/**
 * The device health report below {@code /api/v1/devices} (see docs/API.md, "Device health"): the
 * latest report of the {@link HealthMonitor}, filtered by state and district, one device's health,
 * and an assessment on demand.
 *
 * <p>Register these before {@link DeviceRoutes}: {@code /api/v1/devices/health} would otherwise be
 * taken for the device with id {@code health}.
 */
public final class HealthRoutes {
  static final String HEALTH = DeviceRoutes.DEVICES + "/health";

  private static final String JSON = "application/json";
  private static final String STATES =
      Arrays.stream(HealthState.values()).map(HealthState::label).collect(Collectors.joining(", "));

  private final HealthMonitor monitor;
  private final DeviceRegistry registry;

  private HealthRoutes(HealthMonitor monitor, DeviceRegistry registry) {
    this.monitor = monitor;
    this.registry = registry;
  }

  /** Registers the health routes; pass it to {@code CivitasServer.withRoutes}. */
  public static void register(RoutesConfig routes, HealthMonitor monitor, DeviceRegistry registry) {
    HealthRoutes api = new HealthRoutes(monitor, registry);
    routes.get(HEALTH, api::report);
    routes.post(HEALTH + "/assess", api::assess);
    routes.get(DeviceRoutes.DEVICES + "/{id}/health", api::device);
  }

  private void report(Context ctx) {
    Filter filter = Filter.of(ctx);
    respond(ctx, report(monitor.report(), filter));
  }

  private void assess(Context ctx) {
    Filter filter = Filter.of(ctx);
    respond(ctx, report(monitor.assessNow(), filter));
  }

  private void device(Context ctx) {
    String id = Device.checkId(ctx.pathParam("id"));
    Device device =
        registry.find(id).orElseThrow(() -> new NotFoundException("no device with id " + id, "id"));
    if (!device.active()) {
      throw new NotFoundException(
          "device " + id + " is revoked; revoked devices are not assessed", "id");
    }
    HealthReport report = monitor.report();
    DeviceHealth health = find(report, id);
    if (health == null) {
      // Provisioned after the last run.
      health = find(monitor.assessNow(), id);
    }
    if (health == null) {
      throw new NotFoundException("device " + id + " has not been assessed", "id");
    }
    respond(ctx, json(health));
  }

  private static DeviceHealth find(HealthReport report, String id) {
    return report.devices().stream()
        .filter(health -> health.deviceId().equals(id))
        .findFirst()
        .orElse(null);
  }

  /** The query's filters: a state, a district, each optional. */
  private record Filter(HealthState state, String district) {
    static Filter of(Context ctx) {
      String text = ctx.queryParam("state");
      HealthState state = null;
      if (text != null) {
        state =
            Arrays.stream(HealthState.values())
                .filter(candidate -> candidate.label().equals(text))
                .findFirst()
                .orElseThrow(
                    () ->
                        new InvalidInputException(
                            "state is one of " + STATES + ", found \"" + text + "\"", "state"));
      }
      String district = ctx.queryParam("district");
      return new Filter(state, district == null || district.isBlank() ? null : district);
    }

    boolean keeps(DeviceHealth health) {
      return (state == null || health.state() == state)
          && (district == null || district.equals(health.district()));
    }
  }

  /** The counts cover every device; {@code value} holds the devices the filter keeps. */
  private static ObjectNode report(HealthReport report, Filter filter) {
    ObjectNode answer = JsonCodec.newObject();
    answer.put("assessedAt", report.assessedAt().toString());
    answer.set("counts", counts(report.counts()));
    ObjectNode districts = answer.putObject("byDistrict");
    report.byDistrict().forEach((name, counts) -> districts.set(name, counts(counts)));
    ArrayNode value = answer.putArray("value");
    report.devices().stream().filter(filter::keeps).forEach(health -> value.add(json(health)));
    return answer;
  }

  private static ObjectNode counts(Map<HealthState, Integer> counts) {
    ObjectNode json = JsonCodec.newObject();
    counts.forEach((state, count) -> json.put(state.label(), count));
    return json;
  }

  static ObjectNode json(DeviceHealth health) {
    ObjectNode json = JsonCodec.newObject();
    json.put("deviceId", health.deviceId());
    json.put("district", health.district());
    json.put("state", health.state().label());
    putTime(json, "since", health.since());
    putTime(json, "lastSeen", health.lastSeen());
    if (health.expectedInterval() == null) {
      json.putNull("expectedInterval");
    } else {
      json.put("expectedInterval", health.expectedInterval().toString());
    }
    json.put("intervalLearned", health.intervalLearned());
    json.put("batteryPercent", health.batteryPercent());
    json.put("rssiDbm", health.rssiDbm());
    json.put("snrDb", health.snrDb());
    ArrayNode findings = json.putArray("findings");
    for (Finding finding : health.findings()) {
      ObjectNode item = findings.addObject();
      item.put("state", finding.state().label());
      item.put("datastreamId", finding.datastreamId());
      item.put("since", finding.since().toString());
      item.put("detail", finding.detail());
    }
    putTime(json, "assessedAt", health.assessedAt());
    return json;
  }

  private static void putTime(ObjectNode json, String name, Instant time) {
    if (time == null) {
      json.putNull(name);
    } else {
      json.put(name, time.toString());
    }
  }

  private static void respond(Context ctx, ObjectNode body) {
    ctx.status(200).contentType(JSON).result(JsonCodec.write(body));
  }
}
