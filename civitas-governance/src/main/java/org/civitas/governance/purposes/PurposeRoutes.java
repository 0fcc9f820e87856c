package org.civitas.governance.purposes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.governance.audit.Officer;
import org.civitas.governance.classes.LegalBasis;
import org.civitas.governance.classes.Purpose;
import org.civitas.governance.identity.Department;
import org.civitas.governance.json.JsonFields;
import org.civitas.server.access.Callers;
import org.civitas.server.http.JsonCodec;

/**
 * The register of purposes at {@code /api/v1/governance/purposes}: {@code GET} the list and {@code
 * GET /{id}} one purpose, for everyone (transparency); {@code POST} and {@code PUT /{id}} for the
 * data protection officer (anonymous 401, others 403). A body is {@code {"id", "name",
 * "description", "legalBasis", "departments": [...], "identifying"}}; unknown fields are refused.
 */
public final class PurposeRoutes {
  static final String PURPOSES = "/api/v1/governance/purposes";
  private static final Set<String> FIELDS =
      Set.of("id", "name", "description", "legalBasis", "departments", "identifying");

  private final Purposes purposes;

  private PurposeRoutes(Purposes purposes) {
    this.purposes = purposes;
  }

  public static void register(RoutesConfig routes, Purposes purposes) {
    PurposeRoutes api = new PurposeRoutes(purposes);
    routes.get(PURPOSES, api::list);
    routes.get(PURPOSES + "/{id}", api::one);
    routes.post(PURPOSES, api::create);
    routes.put(PURPOSES + "/{id}", api::update);
  }

  private void list(Context ctx) {
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    purposes.list().forEach(p -> value.add(json(p)));
    respond(ctx, 200, answer);
  }

  private void one(Context ctx) {
    String id = ctx.pathParam("id");
    respond(
        ctx,
        200,
        json(
            purposes
                .find(id)
                .orElseThrow(() -> new NotFoundException("there is no purpose '" + id + "'"))));
  }

  private void create(Context ctx) {
    // Who asks is checked before the body is read: a stranger learns nothing from validation.
    Purpose purpose = read(ctx, null);
    respond(ctx, 201, json(purposes.create(Callers.of(ctx), purpose)));
  }

  private void update(Context ctx) {
    Purpose purpose = read(ctx, ctx.pathParam("id"));
    respond(ctx, 200, json(purposes.update(Callers.of(ctx), purpose)));
  }

  private static Purpose read(Context ctx, String pathId) {
    Officer.requireDataProtectionOfficer(Callers.of(ctx), "change the register of purposes");
    JsonFields body = JsonFields.of(JsonCodec.readObject(ctx.bodyAsBytes()), FIELDS, Map.of());
    String id;
    if (pathId == null) {
      id = body.text("id", 64);
    } else {
      id = pathId;
      if (body.has("id") && !body.text("id", 64).equals(pathId)) {
        throw new InvalidInputException(
            "id is " + pathId + " as in the path, or absent; found " + body.text("id", 64), "id");
      }
    }
    String basisText = body.text("legalBasis", 32);
    LegalBasis basis =
        LegalBasis.fromWire(basisText)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "legalBasis is one of "
                            + Arrays.stream(LegalBasis.values()).map(LegalBasis::wireName).toList()
                            + ", found \""
                            + basisText
                            + "\"",
                        "legalBasis"));
    List<String> names = body.texts("departments", 32);
    Set<Department> departments = EnumSet.noneOf(Department.class);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String field = "departments[" + i + "]";
      departments.add(
          Department.fromWire(name)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "no department '"
                              + name
                              + "'; one of "
                              + Arrays.stream(Department.values())
                                  .map(Department::wireName)
                                  .toList(),
                          field)));
    }
    try {
      return new Purpose(
          id,
          body.text("name", 200),
          body.text("description", 10_000),
          basis,
          departments,
          body.bool("identifying", false));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage(), "id");
    }
  }

  static ObjectNode json(Purpose purpose) {
    ObjectNode node = JsonCodec.newObject();
    node.put("id", purpose.id());
    node.put("name", purpose.name());
    node.put("description", purpose.description());
    node.put("legalBasis", purpose.legalBasis().wireName());
    ArrayNode departments = node.putArray("departments");
    new TreeSet<>(purpose.departments().stream().map(Department::wireName).toList())
        .forEach(departments::add);
    node.put("identifying", purpose.identifying());
    return node;
  }

  private static void respond(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(JsonCodec.write(body));
  }
}
