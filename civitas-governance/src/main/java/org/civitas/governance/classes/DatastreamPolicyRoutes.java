package org.civitas.governance.classes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.Optional;
import org.civitas.error.InvalidInputException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.identity.Principal;
import org.civitas.server.access.Callers;
import org.civitas.server.http.JsonCodec;

/**
 * The data classes of Datastreams over HTTP (docs in {@link PolicyJson}):
 *
 * <ul>
 *   <li>{@code GET /api/v1/governance/datastreams/{id}}: the policy in force (unclassified ones
 *       too).
 *   <li>{@code PUT /api/v1/governance/datastreams/{id}}: classifies; {@code active} in the body is
 *       a 400 naming it.
 *   <li>{@code POST .../{id}/activate}, {@code POST .../{id}/deactivate}.
 *   <li>{@code GET /api/v1/governance/datastreams?class=personal}: the classified Datastreams, of
 *       one class when asked.
 * </ul>
 *
 * Every route needs a signed-in principal (401 otherwise). The {@code subject} is shown to the DPO,
 * or under an identifying purpose ({@code Civitas-Purpose}) the reader holds and the Datastream
 * declares; to everyone else as its pseudonym.
 */
public final class DatastreamPolicyRoutes {

  static final String PATH = "/api/v1/governance/datastreams";

  private final DatastreamPolicies policies;
  private final DataClassGuard guard;

  private DatastreamPolicyRoutes(DatastreamPolicies policies, DataClassGuard guard) {
    this.policies = policies;
    this.guard = guard;
  }

  /** Adds the routes; {@code guard} decides per request whether subjects are shown. */
  public static void register(
      RoutesConfig routes, DatastreamPolicies policies, DataClassGuard guard) {
    DatastreamPolicyRoutes api = new DatastreamPolicyRoutes(policies, guard);
    routes.get(PATH, api::list);
    routes.get(PATH + "/{id}", api::one);
    routes.put(PATH + "/{id}", api::classify);
    routes.post(PATH + "/{id}/activate", api::activate);
    routes.post(PATH + "/{id}/deactivate", api::deactivate);
  }

  private void list(Context ctx) {
    signedIn(ctx);
    Optional<DataClass> only =
        Optional.ofNullable(ctx.queryParam("class"))
            .map(
                name ->
                    DataClass.fromWire(name)
                        .orElseThrow(
                            () ->
                                new InvalidInputException(
                                    "class is one of public, internal, personal,"
                                        + " sensitive-personal, was '"
                                        + name
                                        + "'",
                                    "class")));
    PolicyReadAccess access = access(ctx);
    ObjectNode body = JsonCodec.newObject();
    ArrayNode value = body.putArray("value");
    policies.classified().values().stream()
        .filter(policy -> only.isEmpty() || policy.dataClass() == only.get())
        .sorted(Comparator.comparingLong(DatastreamPolicy::datastreamId))
        .forEach(policy -> value.add(PolicyJson.write(policy, access.subjectOf(policy), true)));
    respond(ctx, body);
  }

  private void one(Context ctx) {
    signedIn(ctx);
    DatastreamPolicy policy = policies.get(id(ctx));
    respond(ctx, policy);
  }

  private void classify(Context ctx) {
    Principal who = Callers.of(ctx);
    long id = id(ctx);
    Classification wanted = PolicyJson.readClassification(JsonCodec.readObject(ctx.bodyAsBytes()));
    respond(ctx, policies.classify(who, id, wanted));
  }

  private void activate(Context ctx) {
    respond(ctx, policies.activate(Callers.of(ctx), id(ctx)));
  }

  private void deactivate(Context ctx) {
    respond(ctx, policies.deactivate(Callers.of(ctx), id(ctx)));
  }

  private void respond(Context ctx, DatastreamPolicy policy) {
    boolean classified = policies.classified().containsKey(policy.datastreamId());
    respond(ctx, PolicyJson.write(policy, access(ctx).subjectOf(policy), classified));
  }

  private static void respond(Context ctx, ObjectNode body) {
    ctx.status(200).contentType("application/json").result(JsonCodec.write(body));
  }

  private PolicyReadAccess access(Context ctx) {
    return guard.access(ctx);
  }

  private static void signedIn(Context ctx) {
    if (Callers.of(ctx).isAnonymous()) {
      throw new UnauthorizedException(
          "the data classes of Datastreams are shown to signed-in principals", "Authorization");
    }
  }

  private static long id(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidInputException("id is a positive Datastream id, was '" + text + "'", "id");
  }
}
