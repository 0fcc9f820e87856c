package org.civitas.rules.alarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.rules.alarm.store.Alarm;
import org.civitas.rules.alarm.store.AlarmQuery;
import org.civitas.rules.alarm.store.AlarmSeverity;
import org.civitas.rules.alarm.store.AlarmState;
import org.civitas.server.access.Callers;
import org.civitas.server.access.DepartmentScope;
import org.civitas.server.http.JsonCodec;

/**
 * Alarms at {@code /api/v1/alarms} (docs/API.md, "Alarms"): a filtered, paged list newest first,
 * one alarm, and the operator's acknowledge, clear, assignee and comments. An illegal transition
 * answers 409 naming {@code state}. Registered with {@code CivitasServer.withRoutes}.
 *
 * <p>An alarm belongs to the department of its rule: other departments' operators do not see it in
 * the list and get 403 naming {@code department} on reading or handling it ({@link
 * DepartmentScope}).
 */
public final class AlarmRoutes {
  static final String ALARMS = "/api/v1/alarms";
  private static final int DEFAULT_TOP = 100;
  private static final int MAX_TOP = 1000;

  private final AlarmService alarms;
  private final Supplier<Map<String, Department>> ruleDepartments;

  private AlarmRoutes(AlarmService alarms, Supplier<Map<String, Department>> ruleDepartments) {
    this.alarms = alarms;
    this.ruleDepartments = ruleDepartments;
  }

  /** The alarm routes, every alarm of no department (a node without departments). */
  public static void register(RoutesConfig routes, AlarmService alarms) {
    register(routes, alarms, Map::of);
  }

  /**
   * The alarm routes, each alarm of the department of its rule.
   *
   * @param ruleDepartments the department of each rule that has one, by rule id; asked once per
   *     request
   */
  public static void register(
      RoutesConfig routes, AlarmService alarms, Supplier<Map<String, Department>> ruleDepartments) {
    AlarmRoutes api = new AlarmRoutes(alarms, ruleDepartments);
    routes.get(ALARMS, api::list);
    routes.get(ALARMS + "/{id}", api::one);
    routes.post(ALARMS + "/{id}/acknowledge", api::acknowledge);
    routes.post(ALARMS + "/{id}/clear", api::clear);
    routes.put(ALARMS + "/{id}/assignee", api::assign);
    routes.post(ALARMS + "/{id}/comments", api::comment);
  }

  private void list(Context ctx) {
    AlarmState state = named(ctx, "state", AlarmState.class);
    AlarmSeverity severity = named(ctx, "severity", AlarmSeverity.class);
    String ruleId = ctx.queryParam("ruleId");
    String source = ctx.queryParam("source");
    int top = intParam(ctx, "top", DEFAULT_TOP, 1, MAX_TOP);
    int skip = intParam(ctx, "skip", 0, 0, Integer.MAX_VALUE);
    List<Alarm> page = alarms.list(new AlarmQuery(state, severity, ruleId, source, skip, top + 1));
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    Principal caller = Callers.of(ctx);
    Map<String, Department> departments = ruleDepartments.get();
    // Another department's alarms are left out of the page (which may then be shorter than top).
    page.stream()
        .limit(top)
        .filter(a -> DepartmentScope.mayRead(caller, departments.get(a.ruleId()), null))
        .forEach(alarm -> value.add(AlarmJson.alarm(alarm)));
    if (page.size() > top) {
      StringBuilder next = new StringBuilder(ALARMS + "?top=" + top + "&skip=" + (skip + top));
      appendFilter(next, "state", state == null ? null : state.name().toLowerCase(Locale.ROOT));
      appendFilter(next, "severity", severity == null ? null : severity.name());
      appendFilter(next, "ruleId", ruleId);
      appendFilter(next, "source", source);
      answer.put("nextLink", next.toString());
    }
    respond(ctx, 200, answer);
  }

  private void one(Context ctx) {
    Alarm alarm = alarms.find(id(ctx));
    DepartmentScope.requireRead(
        Callers.of(ctx), ruleDepartments.get().get(alarm.ruleId()), null, "alarm " + alarm.id());
    respond(ctx, 200, AlarmJson.alarm(alarm));
  }

  /** The id of the path's alarm, which the caller's department must handle. */
  private long handled(Context ctx) {
    Alarm alarm = alarms.find(id(ctx));
    DepartmentScope.requireChange(
        Callers.of(ctx), ruleDepartments.get().get(alarm.ruleId()), null, "alarm " + alarm.id());
    return alarm.id();
  }

  private void acknowledge(Context ctx) {
    long id = handled(ctx);
    respond(ctx, 200, AlarmJson.alarm(alarms.acknowledge(id, actor(ctx, body(ctx), "actor"))));
  }

  private void clear(Context ctx) {
    long id = handled(ctx);
    respond(ctx, 200, AlarmJson.alarm(alarms.clear(id, actor(ctx, body(ctx), "actor"))));
  }

  private void assign(Context ctx) {
    long id = handled(ctx);
    ObjectNode body = body(ctx);
    if (!body.has("assignee")) {
      throw new InvalidInputException(
          "assignee is required: a name, or null to unassign", "assignee");
    }
    respond(ctx, 200, AlarmJson.alarm(alarms.assign(id, text(body, "assignee"))));
  }

  private void comment(Context ctx) {
    long id = handled(ctx);
    ObjectNode body = body(ctx);
    Alarm alarm = alarms.comment(id, actor(ctx, body, "author"), text(body, "text"));
    respond(ctx, 201, AlarmJson.alarm(alarm));
  }

  /**
   * Who acts: the signed-in principal, whatever name the body gives, so the alarm's history names
   * who really did it; without a principal (no governance gate) the body's {@code field}.
   */
  private static String actor(Context ctx, ObjectNode body, String field) {
    Principal caller = Callers.of(ctx);
    return caller.isAnonymous() ? text(body, field) : caller.id();
  }

  private static ObjectNode body(Context ctx) {
    return JsonCodec.readObject(ctx.bodyAsBytes());
  }

  /** A string member, or null when absent or null; anything else is refused. */
  private static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidInputException(
          field + " must be a string, found " + JsonCodec.describe(node), field);
    }
    return node.asText();
  }

  private static long id(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NotFoundException("there is no alarm " + text);
    }
  }

  private static <E extends Enum<E>> E named(Context ctx, String name, Class<E> type) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          name
              + " is one of "
              + java.util.Arrays.stream(type.getEnumConstants())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList()
              + ", found \""
              + text
              + "\"",
          name);
    }
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

  private static void appendFilter(StringBuilder link, String name, String value) {
    if (value != null) {
      link.append('&')
          .append(name)
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private static void respond(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(JsonCodec.write(body));
  }
}
