package org.civitas.rules.definition;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.server.access.Callers;
import org.civitas.server.access.DepartmentScope;
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
    ObjectNode body = signed(ctx, JsonCodec.readObject(ctx.bodyAsBytes()));
    Department department =
        DepartmentScope.forNew(
            Callers.of(ctx), RuleJson.department(body).orElse(null), null, "this rule");
    if (department != null) {
      body.put("department", department.wireName());
    }
    Rule rule = book.create(body);
    ctx.header("Location", RULES + "/" + rule.id());
    respond(ctx, 201, RuleJson.write(rule));
  }

  private void list(Context ctx) {
    Principal caller = Callers.of(ctx);
    respond(
        ctx,
        200,
        collection(
            book.list().stream()
                .filter(rule -> DepartmentScope.mayRead(caller, owner(rule), null))
                .toList()));
  }

  private void one(Context ctx) {
    Rule rule = book.find(ctx.pathParam("id"));
    DepartmentScope.requireRead(Callers.of(ctx), owner(rule), null, "rule " + rule.id());
    respond(ctx, 200, RuleJson.write(rule));
  }

  private void update(Context ctx) {
    Rule current = changeable(ctx);
    ObjectNode body = signed(ctx, JsonCodec.readObject(ctx.bodyAsBytes()));
    // A version without a department keeps the rule's; handing it to another department needs
    // the right to change it there too.
    Department department = RuleJson.department(body).orElse(owner(current));
    DepartmentScope.requireChange(Callers.of(ctx), department, null, "rule " + current.id());
    if (department != null) {
      body.put("department", department.wireName());
    }
    respond(ctx, 200, RuleJson.write(book.update(ctx.pathParam("id"), body)));
  }

  /** The rule of the path, which the caller's department must run. */
  private Rule changeable(Context ctx) {
    Rule rule = book.find(ctx.pathParam("id"));
    DepartmentScope.requireChange(Callers.of(ctx), owner(rule), null, "rule " + rule.id());
    return rule;
  }

  private static Department owner(Rule rule) {
    return rule.definition().department().orElse(null);
  }

  /**
   * The body with the signed-in caller as its author: a change is recorded under who made it,
   * whatever name the body gives. Without a principal (no governance gate) the body's author
   * stands.
   */
  private static ObjectNode signed(Context ctx, ObjectNode body) {
    Principal caller = Callers.of(ctx);
    if (!caller.isAnonymous()) {
      body.put("author", caller.id());
    }
    return body;
  }

  private void delete(Context ctx) {
    changeable(ctx);
    Principal caller = Callers.of(ctx);
    String author = caller.isAnonymous() ? ctx.queryParam("author") : caller.id();
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
