package org.civitas.governance.subjects;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.privacy.BodyFields;
import org.civitas.governance.privacy.Oversight;
import org.civitas.governance.subjects.SubjectRequest.Kind;
import org.civitas.server.http.JsonCodec;

/**
 * Data-subject requests and legal holds for the data protection officer (401 for nobody, 403 for
 * anyone else):
 *
 * <ul>
 *   <li>{@code POST /api/v1/governance/subject-requests} {@code {subject, kind: access|erasure,
 *       received?}} records one (201); {@code GET} lists them ({@code ?overdue=true}: the open ones
 *       past their deadline), {@code GET /{id}} one;
 *   <li>{@code POST /{id}/start}, {@code /{id}/extend} {@code {reason}}, {@code /{id}/refuse}
 *       {@code {reason}}, {@code /{id}/complete} (access), {@code /{id}/erase} (erasure: erases and
 *       answers the report);
 *   <li>{@code GET /{id}/export?format=json|csv}: everything held about the subject, streamed;
 *   <li>{@code POST /api/v1/governance/legal-holds} {@code {subject | datastream, reason, until}},
 *       {@code GET} (all, with {@code active}), {@code DELETE /{id}}.
 * </ul>
 */
public final class SubjectRequestRoutes {
  static final String REQUESTS = "/api/v1/governance/subject-requests";
  static final String HOLDS = "/api/v1/governance/legal-holds";
  private static final Set<String> REQUEST_FIELDS = Set.of("subject", "kind", "received");
  private static final Set<String> REASON_FIELDS = Set.of("reason");
  private static final Set<String> HOLD_FIELDS = Set.of("subject", "datastream", "reason", "until");
  private static final Set<String> NO_FIELDS = Set.of();

  private final SubjectRequests requests;
  private final SubjectExport export;
  private final Clock clock;

  private SubjectRequestRoutes(SubjectRequests requests, SubjectExport export, Clock clock) {
    this.requests = requests;
    this.export = export;
    this.clock = clock;
  }

  public static void register(
      RoutesConfig routes, SubjectRequests requests, SubjectExport export, Clock clock) {
    SubjectRequestRoutes api = new SubjectRequestRoutes(requests, export, clock);
    routes.post(REQUESTS, api::receive);
    routes.get(REQUESTS, api::list);
    routes.get(REQUESTS + "/{id}", ctx -> api.respond(ctx, 200, json(api.request(ctx))));
    routes.post(REQUESTS + "/{id}/start", api::start);
    routes.post(REQUESTS + "/{id}/extend", api::extend);
    routes.post(REQUESTS + "/{id}/refuse", api::refuse);
    routes.post(REQUESTS + "/{id}/complete", api::complete);
    routes.post(REQUESTS + "/{id}/erase", api::erase);
    routes.get(REQUESTS + "/{id}/export", api::export);
    routes.post(HOLDS, api::hold);
    routes.get(HOLDS, api::holds);
    routes.delete(HOLDS + "/{id}", api::release);
  }

  private void receive(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    BodyFields body = BodyFields.of(JsonCodec.readObject(ctx.bodyAsBytes()), REQUEST_FIELDS);
    String subject = body.text("subject", 200);
    Kind kind = body.choice("kind", Kind::fromWire, Kind.values(), Kind::wireName);
    var received =
        body.optionalText("received", 64).isPresent() ? body.instant("received") : clock.instant();
    respond(ctx, 201, json(requests.receive(dpo.id(), subject, kind, received)));
  }

  private void list(Context ctx) {
    Oversight.dpo(ctx);
    String overdue = ctx.queryParam("overdue");
    if (overdue != null && !overdue.equals("true") && !overdue.equals("false")) {
      throw new InvalidInputException("overdue is true or false, was '" + overdue + "'", "overdue");
    }
    List<SubjectRequest> listed = "true".equals(overdue) ? requests.overdue() : requests.list();
    ArrayNode items = JsonCodec.newArray();
    listed.forEach(r -> items.add(json(r)));
    respond(ctx, 200, JsonCodec.newObject().set("requests", items));
  }

  private SubjectRequest request(Context ctx) {
    Oversight.dpo(ctx);
    return requests.find(id(ctx, "data-subject request"));
  }

  private void start(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    noBody(ctx);
    respond(ctx, 200, json(requests.start(dpo.id(), id(ctx, "data-subject request"))));
  }

  private void extend(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    String reason = reason(ctx);
    respond(ctx, 200, json(requests.extend(dpo.id(), id(ctx, "data-subject request"), reason)));
  }

  private void refuse(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    String reason = reason(ctx);
    respond(ctx, 200, json(requests.refuse(dpo.id(), id(ctx, "data-subject request"), reason)));
  }

  private void complete(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    noBody(ctx);
    respond(ctx, 200, json(requests.complete(dpo.id(), id(ctx, "data-subject request"))));
  }

  private void erase(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    noBody(ctx);
    respond(ctx, 200, json(requests.erase(dpo.id(), id(ctx, "data-subject request"))));
  }

  private void export(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    String format = Optional.ofNullable(ctx.queryParam("format")).orElse("json");
    SubjectExport.Format chosen =
        switch (format) {
          case "json" -> SubjectExport.Format.JSON;
          case "csv" -> SubjectExport.Format.CSV;
          default ->
              throw new InvalidInputException(
                  "format is json or csv, was '" + format + "'", "format");
        };
    SubjectRequest request = export.prepare(dpo.id(), id(ctx, "data-subject request"), chosen);
    ctx.status(200)
        .contentType(chosen.contentType())
        .header(
            "Content-Disposition",
            "attachment; filename=\"subject-request-" + request.id() + "." + format + "\"");
    export.write(request, chosen, ctx.outputStream());
  }

  private void hold(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    BodyFields body = BodyFields.of(JsonCodec.readObject(ctx.bodyAsBytes()), HOLD_FIELDS);
    LegalHold hold =
        requests.hold(
            dpo.id(),
            body.optionalText("subject", 200),
            body.optionalId("datastream"),
            body.text("reason", 2000),
            body.instant("until"));
    respond(ctx, 201, json(hold, clock));
  }

  private void holds(Context ctx) {
    Oversight.dpo(ctx);
    ArrayNode items = JsonCodec.newArray();
    requests.holds().forEach(h -> items.add(json(h, clock)));
    respond(ctx, 200, JsonCodec.newObject().set("holds", items));
  }

  private void release(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    requests.release(dpo.id(), id(ctx, "legal hold"));
    ctx.status(204);
  }

  // ----------------------------------------------------------------------------------- helpers

  private static String reason(Context ctx) {
    return BodyFields.of(JsonCodec.readObject(ctx.bodyAsBytes()), REASON_FIELDS)
        .text("reason", 2000);
  }

  /** Steps take no body; one with properties is refused rather than silently ignored. */
  private static void noBody(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > 0) {
      BodyFields.of(JsonCodec.readObject(body), NO_FIELDS);
    }
  }

  private static long id(Context ctx, String what) {
    String text = ctx.pathParam("id");
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NotFoundException("there is no " + what + " " + text);
    }
  }

  static ObjectNode json(SubjectRequest request) {
    ObjectNode node =
        JsonCodec.newObject()
            .put("id", request.id())
            .put("subject", request.subject())
            .put("kind", request.kind().wireName())
            .put("status", request.status().wireName())
            .put("received", request.received().toString())
            .put("due", request.due().toString())
            .put("extension", request.extension().orElse(null))
            .put("reason", request.reason().orElse(null))
            .put("handledBy", request.handledBy())
            .put("updated", request.updated().toString());
    request.outcome().ifPresent(outcome -> node.set("outcome", JsonCodec.readTree(outcome)));
    return node;
  }

  static ObjectNode json(LegalHold hold, Clock clock) {
    ObjectNode node = JsonCodec.newObject().put("id", hold.id());
    hold.subject().ifPresent(s -> node.put("subject", s));
    hold.datastreamId().ifPresent(d -> node.put("datastream", d));
    return node.put("reason", hold.reason())
        .put("until", hold.until().toString())
        .put("active", hold.activeAt(clock.instant()))
        .put("setBy", hold.setBy())
        .put("setAt", hold.setAt().toString());
  }

  private void respond(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(JsonCodec.write(body));
  }
}
