package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.ReadAccess;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.http.Problem;
import org.civitas.server.http.ProblemResponses;

/**
 * Batch requests, {@code POST /v1.1/$batch}, in the multipart/mixed format of OGC 18-088 section 11
 * (read and written by {@link MultipartBatch}) or in the JSON batch format of OData 4.01: a list of
 * requests, each with an id, a method, a url relative to the service root and an optional body, run
 * in order through the same {@link SensingRequests} as single requests. Adjacent requests sharing
 * an atomicity group (a change set) run in one transaction: all of it is stored, or none of it. A
 * later request refers to an entity created earlier in the batch by {@code $<id>} at the start of
 * its url ({@code $1/Datastreams}) or as {@code {"@iot.id": "$<id>"}} in its body.
 *
 * <p>The batch itself answers 200 with one response per request; only a malformed batch is a 400.
 */
final class BatchRoutes {

  static final String PATH = Links.VERSION_PATH + "/$batch";

  /** Most requests one batch may hold. */
  static final int MAX_REQUESTS = 1_000;

  private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "DELETE");
  private static final Set<String> MEMBERS =
      Set.of("id", "method", "url", "body", "atomicityGroup", "dependsOn", "headers");

  private final SensingService service;
  private final SensingRequests requests;
  private final ServerSettings settings;

  BatchRoutes(SensingService service, SensingRequests requests, ServerSettings settings) {
    this.service = service;
    this.requests = requests;
    this.settings = settings;
  }

  /** What one request of the batch answered; {@code problem} when it failed. */
  record Outcome(BatchItem item, SensingRequests.Reply reply, boolean problem) {}

  /** An entity created by an earlier request: its path below the service root and its id. */
  private record Created(String path, long id) {}

  void batch(Context ctx) {
    IdempotencyKeyHeader.refuse(ctx.header(IdempotencyKeyHeader.NAME), "$batch");
    String contentType = ctx.contentType() == null ? "" : ctx.contentType();
    boolean multipart = contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed");
    List<BatchItem> items =
        multipart
            ? MultipartBatch.read(contentType, ctx.bodyAsBytes())
            : read(JsonCodec.readObject(ctx.bodyAsBytes()));
    List<Outcome> outcomes =
        run(items, Links.serviceRoot(ctx, settings.publicUrl()), service.guard().reads(ctx));
    if (multipart) {
      MultipartBatch.Written written = MultipartBatch.write(outcomes);
      ctx.status(200).contentType(written.contentType()).result(written.body());
      return;
    }
    ArrayNode answers = JsonCodec.newArray();
    outcomes.forEach(outcome -> answers.add(answer(outcome)));
    ObjectNode body = JsonCodec.newObject();
    body.set("responses", answers);
    SensingRoutes.respond(ctx, 200, body);
  }

  /** Runs the requests in order, change sets each in one transaction. */
  private List<Outcome> run(List<BatchItem> items, String root, ReadAccess access) {
    Map<String, Created> created = new HashMap<>();
    // Ids of requests and atomicity groups that failed: what depends on them does not run.
    Set<String> failed = new HashSet<>();
    List<Outcome> outcomes = new ArrayList<>();
    int next = 0;
    while (next < items.size()) {
      BatchItem first = items.get(next);
      int end = next + 1;
      if (first.group() != null) {
        while (end < items.size() && first.group().equals(items.get(end).group())) {
          end++;
        }
      }
      List<BatchItem> run = items.subList(next, end);
      List<Outcome> results = new ArrayList<>();
      String blocker = failedDependency(run, failed);
      if (blocker != null) {
        run.forEach(item -> results.add(notRun(item, blocker)));
      } else if (first.group() != null) {
        results.addAll(runGroup(run, created, root, access));
      } else {
        results.add(runAlone(first, created, root, access));
      }
      for (int i = 0; i < run.size(); i++) {
        if (results.get(i).problem()) {
          failed.add(run.get(i).id());
          if (first.group() != null) {
            failed.add(first.group());
          }
        }
      }
      outcomes.addAll(results);
      next = end;
    }
    return outcomes;
  }

  /** The failed request or group that one of {@code run} depends on, or null. */
  private static String failedDependency(List<BatchItem> run, Set<String> failed) {
    for (BatchItem item : run) {
      for (String dependency : item.dependsOn()) {
        if (failed.contains(dependency)) {
          return dependency;
        }
      }
    }
    return null;
  }

  private static Outcome notRun(BatchItem item, String blocker) {
    return problem(
        item,
        Problem.of(
            424,
            "failed-dependency",
            "Failed dependency",
            "not run: " + blocker + ", which this request depends on, failed",
            item.field() + "dependsOn"));
  }

  private Outcome runAlone(
      BatchItem item, Map<String, Created> created, String root, ReadAccess access) {
    try {
      SensingRequests.Reply reply =
          requests
              .handle(
                  call(item, created, root),
                  GuardedWork.forMethod(item.method(), service.direct(), access))
              .join();
      remember(item, reply, created, root);
      return new Outcome(item, reply, false);
    } catch (RuntimeException e) {
      return problem(item, ProblemResponses.problemFor(e));
    }
  }

  /** Runs a change set in one transaction; when one request fails, none of them is stored. */
  private List<Outcome> runGroup(
      List<BatchItem> group, Map<String, Created> created, String root, ReadAccess access) {
    List<SensingRequests.Reply> replies = new ArrayList<>();
    Map<String, Created> seen = new HashMap<>();
    try {
      service.inChangeSet(
          changes -> {
            replies.clear();
            seen.clear();
            seen.putAll(created);
            for (int i = 0; i < group.size(); i++) {
              BatchItem item = group.get(i);
              try {
                SensingRequests.Reply reply =
                    requests
                        .handle(
                            call(item, seen, root),
                            GuardedWork.forMethod(item.method(), changes, access))
                        .join();
                remember(item, reply, seen, root);
                replies.add(reply);
              } catch (RuntimeException e) {
                throw new ChangeSetFailed(i, e);
              }
            }
            return null;
          });
    } catch (RuntimeException e) {
      return failedGroup(group, e);
    }
    created.putAll(seen);
    List<Outcome> answers = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      answers.add(new Outcome(group.get(i), replies.get(i), false));
    }
    return answers;
  }

  private List<Outcome> failedGroup(List<BatchItem> group, RuntimeException thrown) {
    ChangeSetFailed failed = null;
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof ChangeSetFailed f) {
        failed = f;
        break;
      }
    }
    List<Outcome> answers = new ArrayList<>();
    for (int i = 0; i < group.size(); i++) {
      BatchItem item = group.get(i);
      if (failed == null) {
        // The commit itself failed: every request shares that failure.
        answers.add(problem(item, ProblemResponses.problemFor(thrown)));
      } else if (i == failed.index) {
        answers.add(problem(item, ProblemResponses.problemFor(failed.getCause())));
      } else {
        answers.add(
            problem(
                item,
                Problem.of(
                    424,
                    "failed-dependency",
                    "Failed dependency",
                    "not stored: request "
                        + group.get(failed.index).id()
                        + " of atomicity group "
                        + item.group()
                        + " failed, so the whole group was rolled back",
                    null)));
      }
    }
    return answers;
  }

  /** Marks which request of a change set failed; it rolls the transaction back as it passes. */
  private static final class ChangeSetFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int index;

    ChangeSetFailed(int index, RuntimeException cause) {
      super(cause);
      this.index = index;
    }
  }

  /** The request as {@link SensingRequests} takes it, with {@code $<id>} references resolved. */
  private static SensingRequests.Call call(
      BatchItem item, Map<String, Created> created, String root) {
    String url = item.url();
    int version = url.indexOf(Links.VERSION_PATH + "/");
    if (url.startsWith("http://") || url.startsWith("https://") || url.startsWith("/")) {
      if (version < 0) {
        throw new InvalidInputException(
            "url must lie below the service root " + root + ", found " + url, item.field() + "url");
      }
      url = url.substring(version + Links.VERSION_PATH.length() + 1);
    }
    int question = url.indexOf('?');
    String path = question < 0 ? url : url.substring(0, question);
    String rawQuery = question < 0 ? "" : url.substring(question + 1);
    if (path.startsWith("$")) {
      int slash = path.indexOf('/');
      String reference = path.substring(1, slash < 0 ? path.length() : slash);
      path = createdBy(reference, created, item).path() + (slash < 0 ? "" : path.substring(slash));
    }
    byte[] body = new byte[0];
    if (item.body() != null) {
      ObjectNode copy = item.body().deepCopy();
      resolveReferences(copy, created, item);
      body = JsonCodec.write(copy);
    }
    return new SensingRequests.Call(item.method(), path, query(rawQuery), rawQuery, body, root);
  }

  private static Created createdBy(String reference, Map<String, Created> created, BatchItem item) {
    Created target = created.get(reference);
    if (target == null) {
      throw new InvalidInputException(
          "$" + reference + " names no entity created by an earlier request of this batch",
          item.field() + "url");
    }
    return target;
  }

  /** Replaces {@code {"@iot.id": "$<id>"}} anywhere in a body by the id of the created entity. */
  private static void resolveReferences(
      JsonNode node, Map<String, Created> created, BatchItem item) {
    if (node instanceof ObjectNode object) {
      JsonNode id = object.get(EntityJson.ID);
      if (id != null && id.isTextual() && id.textValue().startsWith("$")) {
        object.put(EntityJson.ID, createdBy(id.textValue().substring(1), created, item).id());
      }
      object.forEach(child -> resolveReferences(child, created, item));
    } else if (node instanceof ArrayNode array) {
      array.forEach(child -> resolveReferences(child, created, item));
    }
  }

  private static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (rawQuery.isEmpty()) {
      return parameters;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }
    return parameters;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** Records the entity a POST created, for {@code $<id>} references of later requests. */
  private static void remember(
      BatchItem item, SensingRequests.Reply reply, Map<String, Created> created, String root) {
    if (reply.status() == 201 && reply.location() != null && reply.json() != null) {
      String path = reply.location().substring(root.length() + 1);
      created.put(item.id(), new Created(path, reply.json().path(EntityJson.ID).asLong()));
    }
  }

  /** One entry of a JSON batch answer. */
  private static ObjectNode answer(Outcome outcome) {
    BatchItem item = outcome.item();
    SensingRequests.Reply reply = outcome.reply();
    ObjectNode answer = JsonCodec.newObject();
    answer.put("id", item.id());
    if (item.group() != null) {
      answer.put("atomicityGroup", item.group());
    }
    answer.put("status", reply.status());
    if (reply.location() != null) {
      answer.putObject("headers").put("location", reply.location());
    } else if (outcome.problem()) {
      answer.putObject("headers").put("content-type", ProblemResponses.CONTENT_TYPE);
    }
    if (reply.json() != null) {
      answer.set("body", reply.json());
    } else if (reply.text() != null) {
      answer.put("body", reply.text());
    }
    return answer;
  }

  private static Outcome problem(BatchItem item, Problem problem) {
    JsonNode body =
        JsonCodec.readTree(new String(JsonCodec.write(problem), StandardCharsets.UTF_8));
    return new Outcome(item, SensingRequests.Reply.json(problem.status(), body), true);
  }

  /** Checks the form of the whole batch before anything runs. */
  private static List<BatchItem> read(ObjectNode body) {
    for (var entry : body.properties()) {
      if (!entry.getKey().equals("requests")) {
        throw new InvalidInputException(
            "a batch holds only \"requests\", found '" + entry.getKey() + "'", entry.getKey());
      }
    }
    JsonNode list = body.path("requests");
    if (!list.isArray() || list.isEmpty() || list.size() > MAX_REQUESTS) {
      throw new InvalidInputException(
          "requests must be an array of 1 to " + MAX_REQUESTS + " requests", "requests");
    }
    List<BatchItem> items = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    Set<String> closedGroups = new HashSet<>();
    String openGroup = null;
    for (int i = 0; i < list.size(); i++) {
      String field = "requests[" + i + "].";
      JsonNode node = list.get(i);
      if (!node.isObject()) {
        throw new InvalidInputException(
            "each request is an object, found " + JsonCodec.describe(node), "requests[" + i + "]");
      }
      for (var entry : node.properties()) {
        if (!MEMBERS.contains(entry.getKey())) {
          throw new InvalidInputException(
              "unknown member '"
                  + entry.getKey()
                  + "' of a batch request; expected "
                  + MEMBERS.stream().sorted().toList(),
              field + entry.getKey());
        }
      }
      String id = text(node, "id", field);
      if (!ids.add(id)) {
        throw new InvalidInputException("id " + id + " is used twice in the batch", field + "id");
      }
      String method = text(node, "method", field).toUpperCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        throw new InvalidInputException(
            "method must be one of get, post, patch and delete, found " + node.get("method"),
            field + "method");
      }
      String url = text(node, "url", field);
      JsonNode requestBody = node.get("body");
      if (requestBody != null && !requestBody.isObject()) {
        throw new InvalidInputException(
            "body must be a JSON object, found " + JsonCodec.describe(requestBody), field + "body");
      }
      String group = node.has("atomicityGroup") ? text(node, "atomicityGroup", field) : null;
      if (!Objects.equals(group, openGroup)) {
        if (openGroup != null) {
          closedGroups.add(openGroup);
        }
        if (group != null && closedGroups.contains(group)) {
          throw new InvalidInputException(
              "the requests of atomicity group " + group + " must be adjacent",
              field + "atomicityGroup");
        }
        openGroup = group;
      }
      JsonNode dependsOn = node.path("dependsOn");
      List<String> dependencies = new ArrayList<>();
      if (!dependsOn.isMissingNode()) {
        if (!dependsOn.isArray()) {
          throw new InvalidInputException("dependsOn must be an array of ids", field + "dependsOn");
        }
        for (JsonNode dependency : dependsOn) {
          // Requests run in order, so a dependency only has to come earlier.
          String name = dependency.asText();
          boolean earlierGroup = closedGroups.contains(name) || name.equals(openGroup);
          if (name.equals(id) || !(ids.contains(name) || earlierGroup)) {
            throw new InvalidInputException(
                "dependsOn names " + dependency + ", which is not an earlier request or group",
                field + "dependsOn");
          }
          dependencies.add(name);
        }
      }
      items.add(
          new BatchItem(
              id, true, method, url, (ObjectNode) requestBody, group, dependencies, field));
    }
    return items;
  }

  private static String text(JsonNode node, String member, String field) {
    JsonNode value = node.get(member);
    if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
      throw new InvalidInputException(
          member + " is required and must be a string, found " + JsonCodec.describe(value),
          field + member);
    }
    return value.asText();
  }
}
