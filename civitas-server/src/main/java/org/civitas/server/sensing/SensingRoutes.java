package org.civitas.server.sensing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.ServerSettings;
import org.civitas.server.http.JsonCodec;
import org.civitas.server.http.ProblemResponses;

/**
 * The SensorThings API v1.1 (OGC 18-088) over HTTP at {@code /v1.1}: the service root, reads of
 * entities, collections, properties and links along resource paths, and create (with deep insert),
 * update and delete of all entity types; the same at {@code /v1.0} for SensorThings 1.0 clients.
 */
public final class SensingRoutes {

  static final String JSON = "application/json";

  /**
   * SensorThings 1.0 clients (city dashboards and tools built before 1.1) find the same entities at
   * {@code /v1.0}: 1.1 only added to 1.0's representations, so one implementation serves both.
   */
  static final String V1_0_PATH = "/v1.0";

  private static final Set<String> SETS_OF_1_0 =
      Set.of(
          "Things",
          "Locations",
          "HistoricalLocations",
          "Sensors",
          "ObservedProperties",
          "Datastreams",
          "MultiDatastreams",
          "Observations",
          "FeaturesOfInterest");

  private final SensingService service;
  private final ServerSettings settings;
  private final Executor responses;
  private final SensingRequests requests;

  private SensingRoutes(SensingService service, ServerSettings settings, Executor responses) {
    this.service = service;
    this.settings = settings;
    this.responses = responses;
    this.requests = new SensingRequests(settings);
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
    SensingRoutes sensing = new SensingRoutes(service, settings, responses);
    routes.get(Links.VERSION_PATH, ctx -> sensing.root(ctx, api));
    routes.get(Links.VERSION_PATH + "/", ctx -> sensing.root(ctx, api));
    // Before the catch-all <path> routes, which would read these as entity sets.
    routes.post(
        CreateObservationsRoutes.PATH,
        new CreateObservationsRoutes(service, settings, responses)::create);
    routes.post(BatchRoutes.PATH, new BatchRoutes(service, sensing.requests, settings)::batch);
    routes.get(Links.VERSION_PATH + "/<path>", sensing::get);
    routes.post(Links.VERSION_PATH + "/<path>", sensing::post);
    routes.patch(Links.VERSION_PATH + "/<path>", sensing::patch);
    routes.delete(Links.VERSION_PATH + "/<path>", sensing::delete);
    routes.get(V1_0_PATH, sensing::rootOf10);
    routes.get(V1_0_PATH + "/", sensing::rootOf10);
    routes.get(V1_0_PATH + "/<path>", sensing::get);
    routes.post(V1_0_PATH + "/<path>", sensing::post);
    routes.patch(V1_0_PATH + "/<path>", sensing::patch);
    routes.delete(V1_0_PATH + "/<path>", sensing::delete);
    new TimeSeriesRoutes(service, store, settings, responses).register(routes);
  }

  private void root(Context ctx, SensingApi api) {
    respond(ctx, 200, api.withExtensions(ServiceRoot.document(serviceRoot(ctx))));
  }

  /**
   * The service root of the 1.0 alias: the entity sets of SensorThings 1.0 Sensing (with the
   * MultiDatastream extension), whose clients and test suite know no others; 1.0 has no {@code
   * serverSettings}.
   */
  private void rootOf10(Context ctx) {
    ObjectNode root = ServiceRoot.document(serviceRoot(ctx));
    ArrayNode sets = (ArrayNode) root.get("value");
    for (int i = sets.size() - 1; i >= 0; i--) {
      if (!SETS_OF_1_0.contains(sets.get(i).get("name").asText())) {
        sets.remove(i);
      }
    }
    root.remove("serverSettings");
    respond(ctx, 200, root);
  }

  private void get(Context ctx) {
    reply(ctx, requests.get(call(ctx), guarded(ctx)));
  }

  /** The request's reads as the installed guard allows them (see {@link GuardedWork}). */
  private SensingService.Work guarded(Context ctx) {
    return GuardedWork.forMethod(ctx.method().name(), service.direct(), service.guard().reads(ctx));
  }

  private void post(Context ctx) {
    CompletableFuture<SensingRequests.Reply> reply = requests.post(call(ctx), service.direct());
    if (reply.isDone() && !reply.isCompletedExceptionally()) {
      reply(ctx, reply.join());
      return;
    }
    // The ingest path completes on its writer thread; answer from elsewhere.
    ctx.future(
        () ->
            reply.handleAsync(
                (answer, failure) -> {
                  if (failure != null) {
                    ProblemResponses.respond(ctx, failure);
                  } else {
                    reply(ctx, answer);
                  }
                  return null;
                },
                responses));
  }

  private void patch(Context ctx) {
    reply(ctx, requests.patch(call(ctx), guarded(ctx)));
  }

  private void delete(Context ctx) {
    reply(ctx, requests.delete(call(ctx), guarded(ctx)));
  }

  private SensingRequests.Call call(Context ctx) {
    String query = ctx.queryString();
    return new SensingRequests.Call(
        ctx.method().name(),
        ctx.pathParam("path"),
        ctx.queryParamMap(),
        query == null ? "" : query,
        ctx.bodyAsBytes(),
        serviceRoot(ctx),
        ctx.method() == io.javalin.http.HandlerType.POST
            ? IdempotencyKeyHeader.parse(
                java.util.Collections.list(ctx.req().getHeaders(IdempotencyKeyHeader.NAME)))
            : null);
  }

  /** Writes a reply of {@link SensingRequests} as the HTTP response. */
  static void reply(Context ctx, SensingRequests.Reply reply) {
    ctx.status(reply.status());
    if (reply.location() != null) {
      ctx.header("Location", reply.location());
    }
    if (reply.json() != null) {
      ctx.contentType(JSON).result(JsonCodec.write(reply.json()));
    } else if (reply.text() != null) {
      ctx.contentType("text/plain; charset=utf-8").result(reply.text());
    }
  }

  /** The root the request came through, so that links of the 1.0 alias stay below it. */
  private String serviceRoot(Context ctx) {
    String root = Links.serviceRoot(ctx, settings.publicUrl());
    if (ctx.path().equals(V1_0_PATH) || ctx.path().startsWith(V1_0_PATH + "/")) {
      return root.substring(0, root.length() - Links.VERSION_PATH.length()) + V1_0_PATH;
    }
    return root;
  }

  static void respond(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(JsonCodec.write(body));
  }
}
