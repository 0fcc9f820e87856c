package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.ServerSettings;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.http.ProblemResponses;

/**
 * The SensorThings API v1.1 (OGC 18-088) over HTTP at {@code /v1.1}: the service root, reads of
 * entities, collections, properties and links along resource paths, and create (with deep insert),
 * update and delete of all entity types.
 */
public final class SensingRoutes {

  static final String JSON = "application/json";

  private final SensingService service;
  private final ServerSettings settings;
  private final Executor responses;
  private final Expander expander;
  private final EntityReader reader;

  private SensingRoutes(
      SensingService service, SensingStore store, ServerSettings settings, Executor responses) {
    this.service = service;
    this.settings = settings;
    this.responses = responses;
    this.reader = EntityReader.of(store);
    this.expander = new Expander(reader, settings.defaultTop(), settings.maxTop());
  }

  /**
   * Adds the SensorThings routes and the Civitas time-series extension to {@code routes}.
   *
   * @param api the service shared with other transports (the MQTT extension), over {@code store}
   * @param responses runs the answers to requests that waited for the ingest path, so that the
   *     ingest writer thread hands off at once instead of writing HTTP responses itself
   */
  public static void register(
      RoutesConfig routes,
      SensingStore store,
      ServerSettings settings,
      SensingApi api,
      Executor responses) {
    SensingService service = api.service();
    SensingRoutes sensing = new SensingRoutes(service, store, settings, responses);
    routes.get(Links.VERSION_PATH, ctx -> sensing.root(ctx, api));
    routes.get(Links.VERSION_PATH + "/", ctx -> sensing.root(ctx, api));
    routes.get(Links.VERSION_PATH + "/<path>", sensing::get);
    routes.post(Links.VERSION_PATH + "/<path>", sensing::post);
    routes.patch(Links.VERSION_PATH + "/<path>", sensing::patch);
    routes.delete(Links.VERSION_PATH + "/<path>", sensing::delete);
    new TimeSeriesRoutes(service, store, settings, responses).register(routes);
  }

  private void root(Context ctx, SensingApi api) {
    respond(ctx, 200, api.withExtensions(ServiceRoot.document(serviceRoot(ctx))));
  }

  private void get(Context ctx) {
    ResourcePath path = ResourcePathParser.parse(ctx.pathParam("path"));
    QueryOptions options = QueryOptionsParser.parse(path.last().type(), ctx.queryParamMap());
    ResolvedTarget target = service.resolve(path);
    String root = serviceRoot(ctx);
    switch (target) {
      case ResolvedTarget.Many many -> getCollection(ctx, path, many, options, root);
      case ResolvedTarget.One one -> getEntity(ctx, path, one, options, root);
    }
  }

  private void getCollection(
      Context ctx,
      ResourcePath path,
      ResolvedTarget.Many target,
      QueryOptions options,
      String root) {
    int top = options.effectiveTop(settings.defaultTop(), settings.maxTop());
    EntityQuery query =
        new EntityQuery(
            target.type(),
            target.scope(),
            options.orderBy(),
            options.skip(),
            top,
            options.count(),
            path.ref() ? Set.of() : storedProperties(target.type(), options));
    EntityPage page = service.query(query);
    ObjectNode body = JsonCodec.newObject();
    page.totalCount().ifPresent(count -> body.put("@iot.count", count));
    if (options.dataArray() && !path.ref()) {
      body.set(
          "value", DataArrayFormat.write(page.entities(), options, target.scope(), reader, root));
    } else {
      ArrayNode value = body.putArray("value");
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
              ctx, root, ctx.pathParam("path"), top, options.skip() + page.entities().size()));
    }
    respond(ctx, 200, body);
  }

  private void getEntity(
      Context ctx,
      ResourcePath path,
      ResolvedTarget.One target,
      QueryOptions options,
      String root) {
    if (path.ref()) {
      ObjectNode body = JsonCodec.newObject();
      body.put(EntityJson.SELF_LINK, EntityJson.selfLink(root, target.type(), target.id()));
      respond(ctx, 200, body);
      return;
    }
    Set<String> select =
        path.property().map(p -> Set.of(p.name())).orElse(storedProperties(target.type(), options));
    Entity entity =
        service
            .find(target.type(), target.id(), select)
            .orElseThrow(() -> gone(target.type(), target.id()));
    if (path.property().isEmpty()) {
      respond(ctx, 200, expander.write(entity, options, root));
      return;
    }
    String name = path.property().get().name();
    Object value = entity.value(name);
    if (path.rawValue()) {
      if (value == null) {
        ctx.status(204);
        return;
      }
      ctx.status(200).contentType("text/plain; charset=utf-8").result(EntityJson.rawText(value));
      return;
    }
    ObjectNode body = JsonCodec.newObject();
    EntityJson.putValue(body, name, value);
    respond(ctx, 200, body);
  }

  private void post(Context ctx) {
    ResourcePath path = ResourcePathParser.parse(ctx.pathParam("path"));
    if (!path.addressesCollection() || path.ref()) {
      throw new HttpResponseException(
          405,
          "POST creates entities in a collection such as Things or Datastreams(1)/Observations");
    }
    ResolvedTarget.Many target = (ResolvedTarget.Many) service.resolve(path);
    ObjectNode body = JsonCodec.readObject(ctx.bodyAsBytes());
    EntityRequest request =
        EntityJson.readNew(
            target.type(), body, target.scope().map(scope -> scope.navigation().inverse()));
    String root = serviceRoot(ctx);
    if (SensingService.ingestible(request)) {
      CompletableFuture<Entity> stored = service.ingest(request, target.scope());
      ctx.future(
          () ->
              stored.handleAsync(
                  (entity, failure) -> {
                    if (failure != null) {
                      ProblemResponses.respond(ctx, failure);
                    } else {
                      created(ctx, entity, root);
                    }
                    return null;
                  },
                  responses));
      return;
    }
    long id = service.create(request, target.scope());
    Entity entity =
        service.find(target.type(), id, Set.of()).orElseThrow(() -> gone(target.type(), id));
    created(ctx, entity, root);
  }

  private void created(Context ctx, Entity entity, String root) {
    ctx.header("Location", EntityJson.selfLink(root, entity.type(), entity.id()));
    respond(ctx, 201, EntityJson.write(entity, QueryOptions.NONE, root));
  }

  private void patch(Context ctx) {
    ResourcePath path = ResourcePathParser.parse(ctx.pathParam("path"));
    if (!path.addressesEntity() || path.ref()) {
      throw new HttpResponseException(405, "PATCH updates one entity, such as Things(1)");
    }
    ResolvedTarget.One target = (ResolvedTarget.One) service.resolve(path);
    ObjectNode body = JsonCodec.readObject(ctx.bodyAsBytes());
    EntityRequest changes = EntityJson.readChanges(target.type(), body);
    service.update(target.type(), target.id(), changes);
    Entity entity =
        service
            .find(target.type(), target.id(), Set.of())
            .orElseThrow(() -> gone(target.type(), target.id()));
    respond(ctx, 200, EntityJson.write(entity, QueryOptions.NONE, serviceRoot(ctx)));
  }

  private void delete(Context ctx) {
    ResourcePath path = ResourcePathParser.parse(ctx.pathParam("path"));
    if (!path.addressesEntity() || path.ref()) {
      throw new HttpResponseException(405, "DELETE removes one entity, such as Things(1)");
    }
    ResolvedTarget.One target = (ResolvedTarget.One) service.resolve(path);
    service.delete(target.type(), target.id());
    ctx.status(200);
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

  private String serviceRoot(Context ctx) {
    return Links.serviceRoot(ctx, settings.publicUrl());
  }

  private static NotFoundException gone(EntityType type, long id) {
    return new NotFoundException("no " + type.singular() + " with id " + id, "path");
  }

  static void respond(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(JsonCodec.write(body));
  }
}
