package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.server.ServerSettings;
import org.civitas.server.http.JsonCodec;

/**
 * The SensorThings requests below {@code /v1.1} (read, create, update, delete along resource
 * paths), independent of how they arrive: the HTTP routes and each request of a {@code $batch} run
 * them the same way. Where the reads and writes go is the caller's {@link SensingService.Work}:
 * straight to the store, or into the transaction of a change set.
 *
 * <p>Failures are thrown as exceptions, which the caller turns into problem documents.
 */
final class SensingRequests {

  /**
   * One request.
   *
   * @param method the HTTP method, e.g. {@code GET}
   * @param path the resource path below the service root, e.g. {@code Things(1)/Datastreams}
   * @param query the query parameters, decoded
   * @param rawQuery the query string as sent (without {@code ?}), for next-page links; may be empty
   * @param body the request body; empty when there is none
   * @param serviceRoot the absolute URL of the service root that links start with
   * @param idempotencyKey the {@code Idempotency-Key} of a POST creating an Observation, or null
   */
  record Call(
      String method,
      String path,
      Map<String, List<String>> query,
      String rawQuery,
      byte[] body,
      String serviceRoot,
      String idempotencyKey) {
    Call {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(path, "path");
      query = Map.copyOf(query);
      Objects.requireNonNull(rawQuery, "rawQuery");
      Objects.requireNonNull(body, "body");
    }

    /** A request without idempotency key. */
    Call(
        String method,
        String path,
        Map<String, List<String>> query,
        String rawQuery,
        byte[] body,
        String serviceRoot) {
      this(method, path, query, rawQuery, body, serviceRoot, null);
    }
  }

  /**
   * One answer.
   *
   * @param location the {@code Location} of a created entity, or null
   * @param json the JSON body, or null
   * @param text the plain-text body of a {@code $value}, or null
   */
  record Reply(int status, String location, JsonNode json, String text) {
    static Reply json(int status, JsonNode body) {
      return new Reply(status, null, body, null);
    }

    static Reply empty(int status) {
      return new Reply(status, null, null, null);
    }
  }

  private final ServerSettings settings;

  SensingRequests(ServerSettings settings) {
    this.settings = settings;
  }

  /** Runs a request of any method; the future fails when the request does. */
  CompletableFuture<Reply> handle(Call call, SensingService.Work work) {
    return switch (call.method().toUpperCase(Locale.ROOT)) {
      case "GET" -> CompletableFuture.completedFuture(get(call, work));
      case "POST" -> post(call, work);
      case "PATCH" -> CompletableFuture.completedFuture(patch(call, work));
      case "DELETE" -> CompletableFuture.completedFuture(delete(call, work));
      default ->
          throw new HttpResponseException(
              405, call.method() + " is not one of GET, POST, PATCH and DELETE");
    };
  }

  Reply get(Call call, SensingService.Work work) {
    ResourcePath path = ResourcePathParser.parse(call.path());
    QueryOptions options = QueryOptionsParser.parse(path.last().type(), call.query());
    ResolvedTarget target = work.resolve(path);
    return switch (target) {
      case ResolvedTarget.Many many -> getCollection(call, path, many, options, work);
      case ResolvedTarget.One one -> getEntity(call, path, one, options, work);
    };
  }

  private Reply getCollection(
      Call call,
      ResourcePath path,
      ResolvedTarget.Many target,
      QueryOptions options,
      SensingService.Work work) {
    String root = call.serviceRoot();
    int top = options.effectiveTop(settings.defaultTop(), settings.maxTop());
    EntityQuery query =
        options.filtered(
            new EntityQuery(
                target.type(),
                target.scope(),
                options.orderBy(),
                options.skip(),
                top,
                options.count(),
                path.ref() ? Set.of() : SensingRequests.storedProperties(target.type(), options)));
    EntityPage page = work.reader().query(query);
    ObjectNode body = JsonCodec.newObject();
    page.totalCount().ifPresent(count -> body.put("@iot.count", count));
    if (options.dataArray() && !path.ref()) {
      body.set(
          "value",
          DataArrayFormat.write(page.entities(), options, target.scope(), work.reader(), root));
    } else {
      ArrayNode value = body.putArray("value");
      Expander expander = expander(work);
      for (Entity entity : page.entities()) {
        if (path.ref()) {
          value
              .addObject()
              .put(EntityJson.SELF_LINK, EntityJson.selfLink(root, entity.type(), entity.id()));
        } else {
          value.add(expander.write(entity, options, root));
        }
      }
    }
    // With $top=0 (a count only) there is no next page to point at.
    if (page.more() && top > 0) {
      body.put(
          "@iot.nextLink",
          Links.nextPage(
              call.rawQuery(), root, call.path(), top, options.skip() + page.entities().size()));
    }
    return Reply.json(200, body);
  }

  private Reply getEntity(
      Call call,
      ResourcePath path,
      ResolvedTarget.One target,
      QueryOptions options,
      SensingService.Work work) {
    String root = call.serviceRoot();
    if (path.ref()) {
      ObjectNode body = JsonCodec.newObject();
      body.put(EntityJson.SELF_LINK, EntityJson.selfLink(root, target.type(), target.id()));
      return Reply.json(200, body);
    }
    Set<String> select =
        path.property()
            .map(p -> Set.of(p.name()))
            .orElse(SensingRequests.storedProperties(target.type(), options));
    Entity entity =
        work.reader()
            .find(target.type(), target.id(), select)
            .orElseThrow(() -> gone(target.type(), target.id()));
    if (path.property().isEmpty()) {
      return Reply.json(200, expander(work).write(entity, options, root));
    }
    String name = path.property().get().name();
    Object value = entity.value(name);
    if (path.rawValue()) {
      return value == null
          ? Reply.empty(204)
          : new Reply(200, null, null, EntityJson.rawText(value));
    }
    ObjectNode body = JsonCodec.newObject();
    EntityJson.putValue(body, name, value);
    return Reply.json(200, body);
  }

  /**
   * Creates an entity; a lone Observation goes through the ingest path when the work allows, so the
   * future completes once it is committed. With an idempotency key, a repeat of an Observation
   * already stored under that key on the same stream answers that Observation and stores nothing.
   */
  CompletableFuture<Reply> post(Call call, SensingService.Work work) {
    ResourcePath path = ResourcePathParser.parse(call.path());
    if (!path.addressesCollection() || path.ref()) {
      throw new HttpResponseException(
          405,
          "POST creates entities in a collection such as Things or Datastreams(1)/Observations");
    }
    String key = call.idempotencyKey();
    if (key != null && path.last().type() != EntityType.OBSERVATION) {
      throw new InvalidInputException(
          IdempotencyKeyHeader.NAME
              + " is honoured when creating Observations only, not "
              + path.last().type().plural(),
          IdempotencyKeyHeader.NAME);
    }
    ResolvedTarget.Many target = (ResolvedTarget.Many) work.resolve(path);
    ObjectNode body = JsonCodec.readObject(call.body());
    EntityRequest request =
        EntityJson.readNew(
            target.type(), body, target.scope().map(scope -> scope.navigation().inverse()));
    String root = call.serviceRoot();
    Optional<CompletableFuture<Entity>> ingested = work.ingest(request, target.scope(), key);
    if (ingested.isPresent()) {
      return ingested.get().thenApply(entity -> created(entity, root));
    }
    if (key != null) {
      throw new InvalidInputException(
          "an Observation with an "
              + IdempotencyKeyHeader.NAME
              + " links existing entities only (its Datastream and FeatureOfInterest by @iot.id)"
              + " and is not part of a change set",
          IdempotencyKeyHeader.NAME);
    }
    long id = work.create(request, target.scope());
    Entity entity =
        work.reader().find(target.type(), id, Set.of()).orElseThrow(() -> gone(target.type(), id));
    return CompletableFuture.completedFuture(created(entity, root));
  }

  private static Reply created(Entity entity, String root) {
    return new Reply(
        201,
        EntityJson.selfLink(root, entity.type(), entity.id()),
        EntityJson.write(entity, QueryOptions.NONE, root),
        null);
  }

  Reply patch(Call call, SensingService.Work work) {
    ResourcePath path = ResourcePathParser.parse(call.path());
    if (!path.addressesEntity() || path.ref()) {
      throw new HttpResponseException(405, "PATCH updates one entity, such as Things(1)");
    }
    ResolvedTarget.One target = (ResolvedTarget.One) work.resolve(path);
    refuseChangingTasks(target.type(), "PATCH");
    ObjectNode body = JsonCodec.readObject(call.body());
    EntityRequest changes = EntityJson.readChanges(target.type(), body);
    work.update(target.type(), target.id(), changes);
    Entity entity =
        work.reader()
            .find(target.type(), target.id(), Set.of())
            .orElseThrow(() -> gone(target.type(), target.id()));
    return Reply.json(200, EntityJson.write(entity, QueryOptions.NONE, call.serviceRoot()));
  }

  Reply delete(Call call, SensingService.Work work) {
    ResourcePath path = ResourcePathParser.parse(call.path());
    if (!path.addressesEntity() || path.ref()) {
      throw new HttpResponseException(405, "DELETE removes one entity, such as Things(1)");
    }
    ResolvedTarget.One target = (ResolvedTarget.One) work.resolve(path);
    refuseChangingTasks(target.type(), "DELETE");
    work.delete(target.type(), target.id());
    return Reply.empty(200);
  }

  /**
   * OGC 17-079 (Tasking Core) lets clients create Tasks only: a Task is an order already handed to
   * a device, so it is neither changed nor withdrawn afterwards. They go when their
   * TaskingCapability does.
   */
  private static void refuseChangingTasks(EntityType type, String method) {
    if (type == EntityType.TASK) {
      throw new HttpResponseException(
          405, method + " is not allowed on a Task: the Tasking Core creates Tasks only");
    }
  }

  /** The properties storage must return for the options' $select; empty means all. */
  static Set<String> storedProperties(EntityType type, QueryOptions options) {
    Set<String> properties = new LinkedHashSet<>();
    for (String name : options.select()) {
      if (type.property(name).isPresent()) {
        properties.add(name);
      }
    }
    return properties;
  }

  private Expander expander(SensingService.Work work) {
    return new Expander(work.reader(), settings.defaultTop(), settings.maxTop());
  }

  private static NotFoundException gone(EntityType type, long id) {
    return new NotFoundException("no " + type.singular() + " with id " + id, "path");
  }
}
