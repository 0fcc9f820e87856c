package org.civitas.rules.definition;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.CivitasException;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.identity.Department;
import org.civitas.rules.evaluation.RuleAction;
import org.civitas.rules.evaluation.Severity;
import org.civitas.sensing.model.EntityType;

/**
 * The JSON form of rules (see docs/API.md, "Rules"), read with validation whose errors name the
 * JSON path of the offending member ({@code condition.parts[1].condition.value}), and written back
 * in the same form.
 */
public final class RuleJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> DEFINITION_MEMBERS =
      Set.of(
          "name",
          "description",
          "enabled",
          "severity",
          "target",
          "condition",
          "actions",
          "department",
          "author",
          "id",
          "version",
          "changedAt",
          "deleted");

  private RuleJson() {}

  /**
   * Reads a rule definition; members the server writes ({@code id}, {@code version}, {@code
   * author}, {@code changedAt}) are ignored, so a GET's answer can be PUT back.
   *
   * @throws InvalidInputException naming the JSON path of the first problem
   */
  public static RuleDefinition read(JsonNode json) {
    ObjectNode rule = object(json, "");
    rule.fieldNames()
        .forEachRemaining(
            name -> {
              if (!DEFINITION_MEMBERS.contains(name)) {
                throw new InvalidInputException(
                    "a rule has no member " + name + "; expected one of " + DEFINITION_MEMBERS,
                    name);
              }
            });
    String name = text(rule, "name", "");
    if (name.isBlank()) {
      throw new InvalidInputException("a rule needs a name that is not blank", "name");
    }
    String description = rule.has("description") ? text(rule, "description", "") : "";
    boolean enabled = !rule.has("enabled") || bool(rule, "enabled", "");
    Severity severity = rule.has("severity") ? severity(rule) : Severity.MAJOR;
    Condition condition = condition(required(rule, "condition", ""), "condition", true);
    Optional<RuleTarget> target;
    if (condition instanceof Condition.Combination) {
      if (rule.has("target")) {
        throw new InvalidInputException(
            "a combination names the Datastream of each part and takes no target", "target");
      }
      target = Optional.empty();
    } else {
      target = Optional.of(target(required(rule, "target", ""), "target"));
    }
    List<RuleAction> actions = new ArrayList<>();
    if (rule.has("actions")) {
      ArrayNode array = array(rule.get("actions"), "actions");
      for (int i = 0; i < array.size(); i++) {
        actions.add(action(array.get(i), "actions[" + i + "]"));
      }
    }
    return new RuleDefinition(
        name, description, enabled, severity, target, condition, actions, department(rule));
  }

  /**
   * The {@code department} that runs a rule, if the body names one.
   *
   * @throws InvalidInputException (field {@code department}) for no such department
   */
  public static Optional<Department> department(JsonNode json) {
    ObjectNode rule = object(json, "");
    if (!rule.has("department") || rule.get("department").isNull()) {
      return Optional.empty();
    }
    String name = text(rule, "department", "");
    return Optional.of(
        Department.fromWire(name)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "department is one of "
                            + Department.wireNames()
                            + ", found \""
                            + name
                            + "\"",
                        "department")));
  }

  /** The author of a request body: a non-blank {@code author}. */
  public static String author(JsonNode json) {
    ObjectNode rule = object(json, "");
    String author = text(rule, "author", "");
    if (author.isBlank() || author.length() > 200) {
      throw new InvalidInputException(
          "a rule change names its author: 1 to 200 characters, found \"" + author + "\"",
          "author");
    }
    return author;
  }

  /** The JSON of a definition, as {@link #read} reads it. */
  public static ObjectNode write(RuleDefinition definition) {
    ObjectNode json = NODES.objectNode();
    json.put("name", definition.name());
    json.put("description", definition.description());
    json.put("enabled", definition.enabled());
    json.put("severity", definition.severity().name());
    definition.department().ifPresent(d -> json.put("department", d.wireName()));
    definition.target().ifPresent(target -> json.set("target", write(target)));
    json.set("condition", write(definition.condition()));
    ArrayNode actions = json.putArray("actions");
    definition.actions().forEach(action -> actions.add(write(action)));
    return json;
  }

  /** The JSON of a stored rule: id, version, author, changedAt and its definition. */
  public static ObjectNode write(Rule rule) {
    ObjectNode json = NODES.objectNode();
    json.put("id", rule.id());
    json.put("version", rule.version());
    json.put("author", rule.author());
    json.put("changedAt", rule.changedAt().toString());
    if (rule.deleted()) {
      json.put("deleted", true);
    }
    json.setAll(write(rule.definition()));
    return json;
  }

  private static ObjectNode write(RuleTarget target) {
    ObjectNode json = NODES.objectNode();
    switch (target) {
      case RuleTarget.Datastream d -> json.put("datastream", d.id());
      case RuleTarget.Filter f -> json.put("filter", f.filter());
      case RuleTarget.PropertyInDistrict p ->
          json.put("observedProperty", p.observedProperty()).put("district", p.district());
    }
    return json;
  }

  private static ObjectNode write(Condition condition) {
    ObjectNode json = NODES.objectNode();
    switch (condition) {
      case Condition.Threshold t ->
          json.put("kind", "threshold")
              .put("op", t.op().symbol())
              .put("value", t.value())
              .put("hysteresis", t.hysteresis());
      case Condition.RateOfChange r ->
          json.put("kind", "rateOfChange").put("max", r.max()).put("per", r.per().toString());
      case Condition.Absence a ->
          json.put("kind", "absence").put("duration", a.duration().toString());
      case Condition.WindowedAggregate w ->
          json.put("kind", "windowedAggregate")
              .put("function", w.function().jsonName())
              .put("window", w.window().toString())
              .put("op", w.op().symbol())
              .put("value", w.value());
      case Condition.Geofence g -> {
        json.put("kind", "geofence");
        if (g.route().isEmpty()) {
          ObjectNode polygon = json.putObject("polygon").put("type", "Polygon");
          ArrayNode rings = polygon.putArray("coordinates");
          g.polygon().forEach(ring -> rings.add(positions(ring)));
        } else {
          json.putObject("route")
              .put("type", "LineString")
              .set("coordinates", positions(g.route()));
          json.put("distance", g.distanceMetres());
        }
        json.put("alertWhen", g.alertWhen().name().toLowerCase(Locale.ROOT));
      }
      case Condition.Combination c -> {
        json.put("kind", "combination")
            .put("logic", c.logic().name())
            .put("tolerance", c.tolerance().toString());
        ArrayNode parts = json.putArray("parts");
        for (Condition.Combination.Part part : c.parts()) {
          ObjectNode p = parts.addObject();
          p.put("name", part.name()).put("datastream", part.datastreamId());
          p.set("condition", write(part.condition()));
        }
      }
    }
    return json;
  }

  private static ArrayNode positions(List<Position> positions) {
    ArrayNode array = NODES.arrayNode();
    positions.forEach(p -> array.addArray().add(p.lon()).add(p.lat()));
    return array;
  }

  private static ObjectNode write(RuleAction action) {
    ObjectNode json = NODES.objectNode();
    switch (action) {
      case RuleAction.RaiseAlarm r -> json.put("type", "raiseAlarm");
      case RuleAction.CreateTask t -> {
        json.put("type", "createTask").put("taskingCapability", t.taskingCapabilityId());
        json.set("taskingParameters", MAPPER.valueToTree(t.taskingParameters()));
      }
      case RuleAction.Notify n -> {
        json.put("type", "notify");
        n.channels().forEach(json.putArray("channels")::add);
      }
      case RuleAction.IssuePublicAlert a -> {
        json.put("type", "publicAlert")
            .put("event", a.event())
            .put("urgency", a.urgency())
            .put("severity", a.severity())
            .put("certainty", a.certainty())
            .put("headline", a.headline())
            .put("instruction", a.instruction());
        a.districts().forEach(json.putArray("districts")::add);
      }
    }
    return json;
  }

  private static Severity severity(ObjectNode rule) {
    String text = text(rule, "severity", "");
    try {
      return Severity.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "severity is one of INFO, MINOR, MAJOR, CRITICAL, found " + text, "severity");
    }
  }

  private static RuleTarget target(JsonNode node, String path) {
    ObjectNode json = object(node, path);
    if (json.has("datastream")) {
      return new RuleTarget.Datastream(id(json, "datastream", path));
    }
    if (json.has("filter")) {
      String filter = text(json, "filter", path);
      try {
        org.civitas.sensing.query.filter.Filter.parse(filter, EntityType.DATASTREAM);
      } catch (CivitasException e) {
        throw new InvalidInputException(
            "target.filter is not a $filter on Datastreams: " + e.getMessage(), at(path, "filter"));
      }
      return new RuleTarget.Filter(filter);
    }
    if (json.has("observedProperty") || json.has("district")) {
      JsonNode property = required(json, "observedProperty", path);
      if (!property.isTextual() && !property.canConvertToExactIntegral()) {
        throw new InvalidInputException(
            "observedProperty is an ObservedProperty's id or name", at(path, "observedProperty"));
      }
      return new RuleTarget.PropertyInDistrict(property.asText(), text(json, "district", path));
    }
    throw new InvalidInputException(
        "a target is {\"datastream\": id}, {\"filter\": \"$filter on Datastreams\"} or"
            + " {\"observedProperty\": id or name, \"district\": name}",
        path);
  }

  private static Condition condition(JsonNode node, String path, boolean combinationAllowed) {
    ObjectNode json = object(node, path);
    String kind = text(json, "kind", path);
    return switch (kind) {
      case "threshold" -> {
        double hysteresis = json.has("hysteresis") ? number(json, "hysteresis", path) : 0;
        if (hysteresis < 0) {
          throw new InvalidInputException(
              "hysteresis must not be negative, found " + hysteresis, at(path, "hysteresis"));
        }
        yield new Condition.Threshold(op(json, path), number(json, "value", path), hysteresis);
      }
      case "rateOfChange" -> {
        if (json.has("maxPerMinute")) {
          yield new Condition.RateOfChange(
              positive(json, "maxPerMinute", path), Duration.ofMinutes(1));
        }
        yield new Condition.RateOfChange(positive(json, "max", path), duration(json, "per", path));
      }
      case "absence" -> new Condition.Absence(duration(json, "duration", path));
      case "windowedAggregate" -> {
        String function = text(json, "function", path);
        Aggregate aggregate;
        try {
          aggregate = Aggregate.valueOf(function.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(
              "function is one of mean, min, max, sum, count, found " + function,
              at(path, "function"));
        }
        yield new Condition.WindowedAggregate(
            aggregate, duration(json, "window", path), op(json, path), number(json, "value", path));
      }
      case "geofence" -> geofence(json, path);
      case "combination" -> {
        if (!combinationAllowed) {
          throw new InvalidInputException(
              "a part of a combination is a threshold, rateOfChange or windowedAggregate",
              at(path, "kind"));
        }
        yield combination(json, path);
      }
      default ->
          throw new InvalidInputException(
              "kind is one of threshold, rateOfChange, absence, windowedAggregate, geofence,"
                  + " combination, found "
                  + kind,
              at(path, "kind"));
    };
  }

  private static Condition geofence(ObjectNode json, String path) {
    String side = json.has("alertWhen") ? text(json, "alertWhen", path) : "outside";
    Condition.Geofence.Side alertWhen;
    try {
      alertWhen = Condition.Geofence.Side.valueOf(side.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "alertWhen is inside or outside, found " + side, at(path, "alertWhen"));
    }
    if (json.has("polygon") == json.has("route")) {
      throw new InvalidInputException(
          "a geofence has either a polygon (GeoJSON Polygon) or a route (GeoJSON LineString) with"
              + " a distance",
          at(path, "polygon"));
    }
    if (json.has("polygon")) {
      String polygonPath = at(path, "polygon");
      ObjectNode polygon = geometry(json.get("polygon"), "Polygon", polygonPath);
      ArrayNode rings = array(polygon.get("coordinates"), at(polygonPath, "coordinates"));
      if (rings.isEmpty()) {
        throw new InvalidInputException(
            "a Polygon has at least its outer ring", at(polygonPath, "coordinates"));
      }
      List<List<Position>> parsed = new ArrayList<>();
      for (int i = 0; i < rings.size(); i++) {
        String ringPath = at(polygonPath, "coordinates") + "[" + i + "]";
        List<Position> ring = positions(rings.get(i), ringPath);
        if (ring.size() < 4 || !ring.getFirst().equals(ring.getLast())) {
          throw new InvalidInputException(
              "a linear ring has at least 4 positions and ends where it starts", ringPath);
        }
        parsed.add(ring);
      }
      return new Condition.Geofence(parsed, List.of(), 0, alertWhen);
    }
    String routePath = at(path, "route");
    ObjectNode route = geometry(json.get("route"), "LineString", routePath);
    List<Position> line = positions(route.get("coordinates"), at(routePath, "coordinates"));
    if (line.size() < 2) {
      throw new InvalidInputException(
          "a LineString has at least 2 positions", at(routePath, "coordinates"));
    }
    return new Condition.Geofence(List.of(), line, positive(json, "distance", path), alertWhen);
  }

  private static Condition combination(ObjectNode json, String path) {
    String logicText = text(json, "logic", path);
    Condition.Combination.Logic logic;
    try {
      logic = Condition.Combination.Logic.valueOf(logicText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("logic is AND or OR, found " + logicText, at(path, "logic"));
    }
    Duration tolerance =
        json.has("tolerance") ? duration(json, "tolerance", path) : Duration.ofMinutes(15);
    ArrayNode array = array(required(json, "parts", path), at(path, "parts"));
    if (array.size() < 2) {
      throw new InvalidInputException("a combination has at least 2 parts", at(path, "parts"));
    }
    List<Condition.Combination.Part> parts = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String partPath = at(path, "parts") + "[" + i + "]";
      ObjectNode part = object(array.get(i), partPath);
      String name = text(part, "name", partPath);
      if (name.isBlank() || !names.add(name)) {
        throw new InvalidInputException(
            "each part has a name of its own, found \"" + name + "\"", at(partPath, "name"));
      }
      Condition condition =
          condition(required(part, "condition", partPath), at(partPath, "condition"), false);
      if (condition instanceof Condition.Absence || condition instanceof Condition.Geofence) {
        throw new InvalidInputException(
            "a part of a combination is a threshold, rateOfChange or windowedAggregate",
            at(at(partPath, "condition"), "kind"));
      }
      parts.add(new Condition.Combination.Part(name, id(part, "datastream", partPath), condition));
    }
    return new Condition.Combination(logic, tolerance, parts);
  }

  private static RuleAction action(JsonNode node, String path) {
    ObjectNode json = object(node, path);
    String type = text(json, "type", path);
    return switch (type) {
      case "raiseAlarm" -> new RuleAction.RaiseAlarm();
      case "createTask" -> {
        JsonNode parameters = required(json, "taskingParameters", path);
        Map<String, Object> map =
            MAPPER.convertValue(
                object(parameters, at(path, "taskingParameters")), new TypeReference<>() {});
        yield new RuleAction.CreateTask(id(json, "taskingCapability", path), map);
      }
      case "notify" -> new RuleAction.Notify(texts(json, "channels", path));
      case "publicAlert" ->
          new RuleAction.IssuePublicAlert(
              text(json, "event", path),
              oneOf(json, "urgency", path, "Immediate", "Expected", "Future", "Past", "Unknown"),
              oneOf(json, "severity", path, "Extreme", "Severe", "Moderate", "Minor", "Unknown"),
              oneOf(
                  json, "certainty", path, "Observed", "Likely", "Possible", "Unlikely", "Unknown"),
              texts(json, "districts", path),
              json.has("headline") ? text(json, "headline", path) : "",
              json.has("instruction") ? text(json, "instruction", path) : "");
      default ->
          throw new InvalidInputException(
              "type is one of raiseAlarm, createTask, notify, publicAlert, found " + type,
              at(path, "type"));
    };
  }

  private static String oneOf(ObjectNode json, String member, String path, String... values) {
    String value = text(json, member, path);
    if (!List.of(values).contains(value)) {
      throw new InvalidInputException(
          member + " is one of " + List.of(values) + " (CAP 1.2), found " + value,
          at(path, member));
    }
    return value;
  }

  private static List<String> texts(ObjectNode json, String member, String path) {
    ArrayNode array = array(required(json, member, path), at(path, member));
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isTextual()) {
        throw new InvalidInputException(
            member + " holds strings", at(path, member) + "[" + i + "]");
      }
      texts.add(array.get(i).asText());
    }
    return texts;
  }

  private static ObjectNode geometry(JsonNode node, String type, String path) {
    ObjectNode json = object(node, path);
    if (!type.equals(json.path("type").asText())) {
      throw new InvalidInputException(
          "expected a GeoJSON " + type + ", found type " + json.path("type"), at(path, "type"));
    }
    required(json, "coordinates", path);
    return json;
  }

  private static List<Position> positions(JsonNode node, String path) {
    ArrayNode array = array(node, path);
    List<Position> positions = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode p = array.get(i);
      if (!p.isArray() || p.size() < 2 || !p.get(0).isNumber() || !p.get(1).isNumber()) {
        throw new InvalidInputException(
            "a position is [longitude, latitude], found " + p, path + "[" + i + "]");
      }
      positions.add(new Position(p.get(0).asDouble(), p.get(1).asDouble()));
    }
    return positions;
  }

  private static Comparison op(ObjectNode json, String path) {
    String op = text(json, "op", path);
    return Comparison.of(op)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "op is one of >, >=, <, <=, found " + op, at(path, "op")));
  }

  private static Duration duration(ObjectNode json, String member, String path) {
    String text = text(json, member, path);
    try {
      Duration duration = Duration.parse(text);
      if (duration.isNegative() || duration.isZero()) {
        throw new InvalidInputException(
            member + " must be positive, found " + text, at(path, member));
      }
      return duration;
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          member + " is an ISO 8601 duration such as PT15M, found " + text, at(path, member));
    }
  }

  private static double positive(ObjectNode json, String member, String path) {
    double value = number(json, member, path);
    if (value <= 0) {
      throw new InvalidInputException(
          member + " must be positive, found " + value, at(path, member));
    }
    return value;
  }

  private static double number(ObjectNode json, String member, String path) {
    JsonNode value = required(json, member, path);
    if (!value.isNumber()) {
      throw new InvalidInputException(member + " is a number, found " + value, at(path, member));
    }
    return value.asDouble();
  }

  private static long id(ObjectNode json, String member, String path) {
    JsonNode value = required(json, member, path);
    if (!value.canConvertToExactIntegral() || !value.isNumber() || value.asLong() < 1) {
      throw new InvalidInputException(
          member + " is an @iot.id, a positive integer, found " + value, at(path, member));
    }
    return value.asLong();
  }

  private static boolean bool(ObjectNode json, String member, String path) {
    JsonNode value = required(json, member, path);
    if (!value.isBoolean()) {
      throw new InvalidInputException(
          member + " is true or false, found " + value, at(path, member));
    }
    return value.asBoolean();
  }

  private static String text(ObjectNode json, String member, String path) {
    JsonNode value = required(json, member, path);
    if (!value.isTextual()) {
      throw new InvalidInputException(member + " is a string, found " + value, at(path, member));
    }
    return value.asText();
  }

  private static JsonNode required(ObjectNode json, String member, String path) {
    JsonNode value = json.get(member);
    if (value == null || value.isNull()) {
      throw new InvalidInputException(member + " is required", at(path, member));
    }
    return value;
  }

  private static ObjectNode object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new InvalidInputException(
          "expected a JSON object, found " + node, path.isEmpty() ? "body" : path);
    }
    return (ObjectNode) node;
  }

  private static ArrayNode array(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      throw new InvalidInputException("expected a JSON array, found " + node, path);
    }
    return (ArrayNode) node;
  }

  private static String at(String path, String member) {
    return path.isEmpty() ? member : path + "." + member;
  }
}
