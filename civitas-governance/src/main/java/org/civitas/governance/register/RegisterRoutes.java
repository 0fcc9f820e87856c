package org.civitas.governance.register;

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
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.identity.Department;
import org.civitas.governance.json.JsonFields;
import org.civitas.governance.register.store.RegisterEntry;
import org.civitas.governance.register.store.Review;
import org.civitas.governance.register.store.Technology;
import org.civitas.governance.register.store.TripleTest;
import org.civitas.server.access.Callers;
import org.civitas.server.http.JsonCodec;

/**
 * The technology register at {@code /api/v1/register}: {@code GET} (every entry, and the {@code
 * notOffered} capabilities) and {@code GET /{id}} for everyone, without signing in; {@code POST}
 * and {@code PUT /{id}} for an operator of the entry's department, the data protection officer or
 * an administrator; {@code POST /{id}/approve} and {@code POST /{id}/reject} (body {@code
 * {"reason"}}) for the data protection officer. The review fields ({@code status}, {@code
 * approvedBy}, {@code approvedAt}, ...) are the server's: a body carrying one is refused naming it.
 */
public final class RegisterRoutes {
  static final String REGISTER = "/api/v1/register";
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "name",
          "collects",
          "purposes",
          "cityWide",
          "districts",
          "department",
          "dataClasses",
          "capabilities",
          "tripleTest");
  private static final String BY_REVIEW =
      "it is set when the data protection officer approves or rejects the entry";
  private static final Map<String, String> SERVER_MANAGED =
      Map.of(
          "status", BY_REVIEW,
          "approvedBy", BY_REVIEW,
          "approvedAt", BY_REVIEW,
          "rejectedBy", BY_REVIEW,
          "rejectedAt", BY_REVIEW,
          "rejectionReason", BY_REVIEW,
          "version", "it counts the entry's changes");
  private static final Set<String> QUESTIONS = Set.of("appropriate", "necessary", "proportionate");
  private static final Set<String> ANSWER = Set.of("answer", "reasoning");

  private final TechnologyRegister register;

  private RegisterRoutes(TechnologyRegister register) {
    this.register = register;
  }

  public static void register(RoutesConfig routes, TechnologyRegister register) {
    RegisterRoutes api = new RegisterRoutes(register);
    routes.get(REGISTER, api::list);
    routes.get(REGISTER + "/{id}", api::one);
    routes.post(REGISTER, api::create);
    routes.put(REGISTER + "/{id}", api::update);
    routes.post(REGISTER + "/{id}/approve", api::approve);
    routes.post(REGISTER + "/{id}/reject", api::reject);
  }

  private void list(Context ctx) {
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    register.list().forEach(entry -> value.add(json(entry)));
    ArrayNode notOffered = answer.putArray("notOffered");
    for (NotOffered capability : NotOffered.values()) {
      notOffered
          .addObject()
          .put("capability", capability.slug())
          .put("description", capability.description())
          .put(
              "statement",
              "Civitas does not offer this: capabilities that identify or track people cannot be"
                  + " registered or deployed.");
    }
    respond(ctx, 200, answer);
  }

  private void one(Context ctx) {
    String id = ctx.pathParam("id");
    respond(
        ctx,
        200,
        json(
            register
                .find(id)
                .orElseThrow(
                    () -> new NotFoundException("there is no register entry '" + id + "'"))));
  }

  private void create(Context ctx) {
    Technology technology = read(ctx, null);
    respond(ctx, 201, json(register.create(Callers.of(ctx), technology)));
  }

  private void update(Context ctx) {
    Technology technology = read(ctx, ctx.pathParam("id"));
    respond(ctx, 200, json(register.update(Callers.of(ctx), technology)));
  }

  private void approve(Context ctx) {
    respond(ctx, 200, json(register.approve(Callers.of(ctx), ctx.pathParam("id"))));
  }

  private void reject(Context ctx) {
    Officer.requireDataProtectionOfficer(Callers.of(ctx), "reject a Triple Test");
    JsonFields body =
        JsonFields.of(JsonCodec.readObject(ctx.bodyAsBytes()), Set.of("reason"), Map.of());
    String reason = body.text("reason", 10_000);
    respond(ctx, 200, json(register.reject(Callers.of(ctx), ctx.pathParam("id"), reason)));
  }

  private static Technology read(Context ctx, String pathId) {
    Officer.requireSignedIn(Callers.of(ctx), "change the technology register");
    JsonFields body =
        JsonFields.of(JsonCodec.readObject(ctx.bodyAsBytes()), FIELDS, SERVER_MANAGED);
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
    boolean cityWide = body.bool("cityWide", false);
    List<String> districts = body.texts("districts", 200);
    if (cityWide && !districts.isEmpty()) {
      throw new InvalidInputException(
          "a city-wide technology names no districts; found " + districts.size(), "districts");
    }
    if (!cityWide && districts.isEmpty()) {
      throw new InvalidInputException(
          "where it is deployed: name at least one district, or set cityWide to true", "districts");
    }
    String departmentName = body.text("department", 32);
    Department department =
        Department.fromWire(departmentName)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "no department '"
                            + departmentName
                            + "'; one of "
                            + Arrays.stream(Department.values()).map(Department::wireName).toList(),
                        "department"));
    List<String> classNames = body.texts("dataClasses", 32);
    Set<DataClass> classes = EnumSet.noneOf(DataClass.class);
    for (int i = 0; i < classNames.size(); i++) {
      String name = classNames.get(i);
      String field = "dataClasses[" + i + "]";
      classes.add(
          DataClass.fromWire(name)
              .orElseThrow(
                  () ->
                      new InvalidInputException(
                          "no data class '"
                              + name
                              + "'; one of "
                              + Arrays.stream(DataClass.values()).map(DataClass::wireName).toList(),
                          field)));
    }
    JsonFields test = body.object("tripleTest", QUESTIONS);
    return new Technology(
        id,
        body.text("name", 200),
        body.text("collects", 10_000),
        body.texts("purposes", 64),
        cityWide,
        districts,
        department,
        classes,
        body.texts("capabilities", 200),
        new TripleTest(
            answer(test, "appropriate"), answer(test, "necessary"), answer(test, "proportionate")));
  }

  private static TripleTest.Answer answer(JsonFields test, String question) {
    JsonFields answer = test.object(question, ANSWER);
    String yesOrNo = answer.text("answer", 3);
    if (!yesOrNo.equals("yes") && !yesOrNo.equals("no")) {
      throw new InvalidInputException(
          "an answer is \"yes\" or \"no\", found \"" + yesOrNo + "\"", answer.pathOf("answer"));
    }
    return new TripleTest.Answer(yesOrNo.equals("yes"), answer.text("reasoning", 10_000));
  }

  static ObjectNode json(RegisterEntry entry) {
    Technology t = entry.technology();
    ObjectNode node = JsonCodec.newObject();
    node.put("id", t.id());
    node.put("name", t.name());
    node.put("collects", t.collects());
    t.purposes().forEach(node.putArray("purposes")::add);
    node.put("cityWide", t.cityWide());
    t.districts().forEach(node.putArray("districts")::add);
    node.put("department", t.department().wireName());
    ArrayNode classes = node.putArray("dataClasses");
    new TreeSet<>(t.dataClasses().stream().map(DataClass::wireName).toList()).forEach(classes::add);
    t.capabilities().forEach(node.putArray("capabilities")::add);
    ObjectNode test = node.putObject("tripleTest");
    answer(test, "appropriate", t.tripleTest().appropriate());
    answer(test, "necessary", t.tripleTest().necessary());
    answer(test, "proportionate", t.tripleTest().proportionate());
    Review review = entry.review();
    node.put("status", review.status().name());
    switch (review.status()) {
      case DRAFT -> {}
      case APPROVED -> {
        node.put("approvedBy", review.by().orElseThrow());
        node.put("approvedAt", review.at().orElseThrow().toString());
      }
      case REJECTED -> {
        node.put("rejectedBy", review.by().orElseThrow());
        node.put("rejectedAt", review.at().orElseThrow().toString());
        node.put("rejectionReason", review.note().orElse(""));
      }
    }
    node.put("version", entry.version());
    return node;
  }

  private static void answer(ObjectNode test, String question, TripleTest.Answer answer) {
    test.putObject(question)
        .put("answer", answer.yes() ? "yes" : "no")
        .put("reasoning", answer.reasoning());
  }

  private static void respond(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(JsonCodec.write(body));
  }
}
