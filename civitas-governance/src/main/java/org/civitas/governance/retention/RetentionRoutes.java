package org.civitas.governance.retention;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.privacy.BodyFields;
import org.civitas.governance.privacy.Oversight;
import org.civitas.server.http.JsonCodec;

/**
 * Retention for the data protection officer, under {@code /api/v1/governance/retention}: {@code
 * GET/POST /rules} lists and adds rules {@code {dataClass, purpose?, keep: "P90D", action:
 * delete|aggregate}}, {@code DELETE /rules/{id}} removes one, {@code GET /reports?limit=} lists the
 * latest run reports, {@code POST /runs} runs the job now and answers its report. Every change is
 * audited. DPO only: 401 for nobody, 403 for anyone else.
 */
public final class RetentionRoutes {
  static final String BASE = "/api/v1/governance/retention";
  private static final Set<String> RULE_FIELDS = Set.of("dataClass", "purpose", "keep", "action");
  private static final int DEFAULT_REPORTS = 50;
  private static final int MAX_REPORTS = 1_000;

  private final RetentionStore store;
  private final RetentionJob job;
  private final Audit audit;

  private RetentionRoutes(RetentionStore store, RetentionJob job, Audit audit) {
    this.store = store;
    this.job = job;
    this.audit = audit;
  }

  public static void register(
      RoutesConfig routes, RetentionStore store, RetentionJob job, Audit audit) {
    RetentionRoutes api = new RetentionRoutes(store, job, audit);
    routes.get(BASE + "/rules", api::rules);
    routes.post(BASE + "/rules", api::addRule);
    routes.delete(BASE + "/rules/{id}", api::removeRule);
    routes.get(BASE + "/reports", api::reports);
    routes.post(BASE + "/runs", api::run);
  }

  private void rules(Context ctx) {
    Oversight.dpo(ctx);
    ArrayNode rules = JsonCodec.newArray();
    store.rules().forEach(r -> rules.add(json(r)));
    respond(ctx, 200, JsonCodec.newObject().set("rules", rules));
  }

  private void addRule(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    BodyFields body = BodyFields.of(JsonCodec.readObject(ctx.bodyAsBytes()), RULE_FIELDS);
    RetentionRule rule =
        new RetentionRule(
            0,
            body.choice("dataClass", DataClass::fromWire, DataClass.values(), DataClass::wireName),
            body.optionalText("purpose", 64),
            body.duration("keep"),
            body.choice(
                "action",
                RetentionAction::fromWire,
                RetentionAction.values(),
                RetentionAction::wireName));
    RetentionRule stored = store.addRule(rule);
    audit.record(
        dpo.id(),
        "retention-rule.created",
        "retention-rule:" + stored.id(),
        Map.of(
            "dataClass",
            stored.dataClass().wireName(),
            "purpose",
            stored.purpose().orElse("*"),
            "keep",
            stored.keep().toString(),
            "action",
            stored.action().wireName()));
    respond(ctx, 201, json(stored));
  }

  private void removeRule(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    long id = pathId(ctx);
    if (!store.removeRule(id)) {
      throw new NotFoundException("there is no retention rule " + id);
    }
    audit.record(dpo.id(), "retention-rule.deleted", "retention-rule:" + id, Map.of());
    ctx.status(204);
  }

  private void reports(Context ctx) {
    Oversight.dpo(ctx);
    int limit = DEFAULT_REPORTS;
    String text = ctx.queryParam("limit");
    if (text != null) {
      try {
        limit = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_REPORTS) {
        throw new InvalidInputException(
            "limit is a whole number from 1 to " + MAX_REPORTS + ", was '" + text + "'", "limit");
      }
    }
    ArrayNode reports = JsonCodec.newArray();
    store.reports(limit).forEach(r -> reports.add(json(r)));
    respond(ctx, 200, JsonCodec.newObject().set("reports", reports));
  }

  private void run(Context ctx) {
    Principal dpo = Oversight.dpo(ctx);
    RetentionReport report = job.runNow(dpo.id());
    respond(ctx, 201, json(report));
  }

  private static long pathId(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new NotFoundException("there is no retention rule " + text);
    }
  }

  static ObjectNode json(RetentionRule rule) {
    ObjectNode node =
        JsonCodec.newObject().put("id", rule.id()).put("dataClass", rule.dataClass().wireName());
    if (rule.purpose().isPresent()) {
      node.put("purpose", rule.purpose().get());
    } else {
      node.putNull("purpose");
    }
    return node.put("keep", rule.keep().toString()).put("action", rule.action().wireName());
  }

  static ObjectNode json(RetentionReport report) {
    ObjectNode node =
        JsonCodec.newObject()
            .put("id", report.id())
            .put("started", report.started().toString())
            .put("finished", report.finished().toString())
            .put("removed", report.removed());
    ArrayNode streams = node.putArray("datastreams");
    for (RetentionReport.StreamResult stream : report.streams()) {
      ObjectNode entry =
          streams
              .addObject()
              .put("datastream", stream.datastreamId())
              .put("action", stream.action().wireName())
              .put("cutoff", stream.cutoff().toString())
              .put("removed", stream.removed())
              .put("aggregatedBuckets", stream.buckets());
      stream.heldBy().ifPresent(hold -> entry.put("heldBy", hold));
      stream.error().ifPresent(error -> entry.put("error", error));
    }
    return node;
  }

  private static void respond(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(JsonCodec.write(body));
  }
}
