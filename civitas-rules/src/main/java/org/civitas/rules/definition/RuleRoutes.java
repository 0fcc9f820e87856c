package org.civitas.rules.definition;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.civitas.error.InvalidInputException;
import org.civitas.server.http.JsonCodec;

/**
 * Rules at {@code /api/v1/rules} (see docs/API.md, "Rules"): {@code POST} creates one, {@code GET}
 * lists them, {@code GET/PUT/DELETE /api/v1/rules/{id}} reads, changes (a new version) and deletes
 * one, {@code GET /api/v1/rules/{id}/versions} its history. Registered with {@code
 * CivitasServer.withRoutes}; errors are problem+json naming the JSON path.
 */
public final class RuleRoutes {
  static final String RULES = "/api/v1/rules";

  private final RuleBook book;

  private RuleRoutes(RuleBook book) {
    this.book = book;
  }

  /** Registers the rule routes on {@code routes}. */
  public static void register(RoutesConfig routes, RuleBook book) {
    RuleRoutes api = new RuleRoutes(book);
    routes.post(RULES, api::create);
    routes.get(RULES, api::list);
    routes.get(RULES + "/{id}", api::one);
    routes.put(RULES + "/{id}", api::update);
    routes.delete(RULES + "/{id}", api::delete);
    routes.get(RULES + "/{id}/versions", api::versions);
  }

  private void create(Context ctx) {
    Rule rule = book.create(JsonCodec.readObject(ctx.bodyAsBytes()));
    ctx.header("Location", RULES + "/" + rule.id());
    respond(ctx, 201, RuleJson.write(rule));
  }

  private void list(Context ctx) {
    respond(ctx, 200, collection(book.list()));
  }

  private void one(Context ctx) {
    respond(ctx, 200, RuleJson.write(book.find(ctx.pathParam("id"))));
  }

  private void update(Context ctx) {
    respond(
        ctx,
        200,
        RuleJson.write(book.update(ctx.pathParam("id"), JsonCodec.readObject(ctx.bodyAsBytes()))));
  }

  private void delete(Context ctx) {
    String author = ctx.queryParam("author");
    if (author == null || author.isBlank()) {
      throw new InvalidInputException(
          "a deletion names its author: DELETE /api/v1/rules/{id}?author=<name>", "author");
    }
    book.delete(ctx.pathParam("id"), author);
    ctx.status(204);
  }

  private void versions(Context ctx) {
    respond(ctx, 200, collection(book.history(ctx.pathParam("id"))));
  }

  private static ObjectNode collection(List<Rule> rules) {
    ObjectNode body = JsonCodec.newObject();
    ArrayNode value = body.putArray("value");
    rules.forEach(rule -> value.add(RuleJson.write(rule)));
    return body;
  }

  private static void respond(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(JsonCodec.write(body));
  }
}
