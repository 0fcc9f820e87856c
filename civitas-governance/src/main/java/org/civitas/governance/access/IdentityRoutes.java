package org.civitas.governance.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.identity.Authenticator;
import org.civitas.governance.identity.IdentityService;
import org.civitas.governance.identity.IssuedKey;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;
import org.civitas.governance.identity.SignedIn;
import org.civitas.governance.identity.store.Account;
import org.civitas.governance.identity.store.ApiKey;
import org.civitas.server.access.Callers;
import org.civitas.server.http.JsonCodec;

/**
 * The identity API: {@code /api/v1/auth} (sign-in, sign-out, who am I, my password) for everyone,
 * {@code /api/v1/governance/accounts} and {@code /api/v1/governance/api-keys} for administrators.
 *
 * <p>Bodies accept only the fields each request declares; any other (a {@code passwordHash}, an
 * {@code id}, {@code created}, {@code disabled} where it cannot be set) is a 400 naming it, so a
 * client cannot assign what the server owns. Answers never carry a password hash, a session token
 * (except the sign-in's own) or a key secret (except the one issuing it).
 */
public final class IdentityRoutes {
  static final String AUTH = "/api/v1/auth";
  static final String ACCOUNTS = "/api/v1/governance/accounts";
  static final String API_KEYS = "/api/v1/governance/api-keys";

  private final IdentityService identities;
  private final boolean secureCookie;

  private IdentityRoutes(IdentityService identities, boolean secureCookie) {
    this.identities = identities;
    this.secureCookie = secureCookie;
  }

  /**
   * Registers the identity routes.
   *
   * @param publicUrl the URL clients reach Civitas at, or null; the session cookie is {@code
   *     Secure} when it is https
   */
  public static void register(RoutesConfig routes, IdentityService identities, String publicUrl) {
    IdentityRoutes api =
        new IdentityRoutes(
            Objects.requireNonNull(identities, "identities"),
            publicUrl != null && publicUrl.toLowerCase(Locale.ROOT).startsWith("https:"));
    routes.post(AUTH + "/sign-in", api::signIn);
    routes.post(AUTH + "/sign-out", api::signOut);
    routes.get(AUTH + "/me", api::me);
    routes.put(AUTH + "/password", api::changePassword);
    routes.get(ACCOUNTS, api::accounts);
    routes.post(ACCOUNTS, api::createAccount);
    routes.get(ACCOUNTS + "/{name}", api::account);
    routes.patch(ACCOUNTS + "/{name}", api::patchAccount);
    routes.delete(ACCOUNTS + "/{name}", api::deleteAccount);
    routes.get(API_KEYS, api::apiKeys);
    routes.post(API_KEYS, api::createApiKey);
    routes.delete(API_KEYS + "/{id}", api::revokeApiKey);
  }

  // ---- /api/v1/auth ----------------------------------------------------------------------

  private void signIn(Context ctx) {
    ObjectNode body = body(ctx, Set.of("name", "password"));
    SignedIn signedIn =
        identities.signIn(required(body, "name"), required(body, "password"), ctx.ip());
    long maxAge = identities.settings().sessionLifetime().toSeconds();
    Cookie cookie =
        new Cookie(
            Authenticator.SESSION_COOKIE,
            signedIn.token(),
            "/",
            (int) Math.min(Integer.MAX_VALUE, maxAge),
            secureCookie,
            true,
            null,
            SameSite.STRICT);
    ctx.cookie(cookie);
    ObjectNode answer =
        JsonCodec.newObject()
            .put("token", signedIn.token())
            .put("expiresAt", signedIn.expiresAt().toString())
            .put("account", signedIn.account());
    answer.set("roles", roles(signedIn.roles()));
    noStore(ctx);
    respond(ctx, 200, answer);
  }

  private void signOut(Context ctx) {
    Principal caller = Callers.of(ctx);
    String token =
        Authenticator.sessionToken(ctx)
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "only a session signs out; an API key is revoked by an administrator",
                        "Authorization"));
    identities.signOut(token, caller);
    ctx.removeCookie(Authenticator.SESSION_COOKIE, "/");
    ctx.status(204);
  }

  private void me(Context ctx) {
    Principal caller = Callers.of(ctx);
    ObjectNode answer = JsonCodec.newObject().put("kind", kind(caller));
    if (!caller.isAnonymous()) {
      answer.put("id", caller.id());
      answer.set("roles", roles(caller.roles()));
    }
    respond(ctx, 200, answer);
  }

  private void changePassword(Context ctx) {
    ObjectNode body = body(ctx, Set.of("currentPassword", "newPassword"));
    identities.changePassword(
        Callers.of(ctx),
        Authenticator.sessionToken(ctx).orElse(null),
        required(body, "currentPassword"),
        required(body, "newPassword"));
    ctx.status(204);
  }

  // ---- /api/v1/governance/accounts -------------------------------------------------------

  private void accounts(Context ctx) {
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    identities.accounts(Callers.of(ctx)).forEach(a -> value.add(account(a)));
    respond(ctx, 200, answer);
  }

  private void account(Context ctx) {
    respond(ctx, 200, account(identities.account(Callers.of(ctx), ctx.pathParam("name"))));
  }

  private void createAccount(Context ctx) {
    ObjectNode body = body(ctx, Set.of("name", "password", "roles"));
    Set<Role> roles = body.has("roles") ? roles(body.get("roles")) : Set.of();
    Account created =
        identities.createAccount(
            Callers.of(ctx), required(body, "name"), required(body, "password"), roles);
    ctx.header("Location", ACCOUNTS + "/" + created.name());
    respond(ctx, 201, account(created));
  }

  /** Changes what is given: {@code roles}, {@code disabled}, {@code password} (a reset). */
  private void patchAccount(Context ctx) {
    Principal caller = Callers.of(ctx);
    String name = ctx.pathParam("name");
    ObjectNode body = body(ctx, Set.of("roles", "disabled", "password"));
    // Parsed whole before anything changes, so a bad field leaves the account as it was.
    Set<Role> roles = body.has("roles") ? roles(body.get("roles")) : null;
    Boolean disabled = null;
    if (body.has("disabled")) {
      if (!body.get("disabled").isBoolean()) {
        throw new InvalidInputException(
            "disabled is true or false, found " + JsonCodec.describe(body.get("disabled")),
            "disabled");
      }
      disabled = body.get("disabled").booleanValue();
    }
    String password = body.has("password") ? required(body, "password") : null;
    Account account = identities.account(caller, name);
    if (roles != null) {
      account = identities.setRoles(caller, name, roles);
    }
    if (disabled != null && disabled != account.disabled()) {
      account = identities.setDisabled(caller, name, disabled);
    }
    if (password != null) {
      identities.resetPassword(caller, name, password);
      account = identities.account(caller, name);
    }
    respond(ctx, 200, account(account));
  }

  private void deleteAccount(Context ctx) {
    identities.deleteAccount(Callers.of(ctx), ctx.pathParam("name"));
    ctx.status(204);
  }

  // ---- /api/v1/governance/api-keys -------------------------------------------------------

  private void apiKeys(Context ctx) {
    ObjectNode answer = JsonCodec.newObject();
    ArrayNode value = answer.putArray("value");
    identities.apiKeys(Callers.of(ctx)).forEach(k -> value.add(apiKey(k)));
    respond(ctx, 200, answer);
  }

  private void createApiKey(Context ctx) {
    ObjectNode body = body(ctx, Set.of("name", "roles"));
    Set<Role> roles = body.has("roles") ? roles(body.get("roles")) : Set.of();
    IssuedKey issued = identities.createApiKey(Callers.of(ctx), required(body, "name"), roles);
    ObjectNode answer =
        JsonCodec.newObject()
            .put("id", issued.id())
            .put("name", issued.name())
            .put("created", issued.created().toString())
            .put("revoked", false)
            .put("key", issued.token());
    answer.set("roles", roles(issued.roles()));
    ctx.header("Location", API_KEYS + "/" + issued.id());
    noStore(ctx);
    respond(ctx, 201, answer);
  }

  private void revokeApiKey(Context ctx) {
    identities.revokeApiKey(Callers.of(ctx), ctx.pathParam("id"));
    ctx.status(204);
  }

  // ---- JSON ------------------------------------------------------------------------------

  /** What an account looks like to an administrator: never its hash. */
  private static ObjectNode account(Account account) {
    ObjectNode json =
        JsonCodec.newObject()
            .put("name", account.name())
            .put("disabled", account.disabled())
            .put("created", account.created().toString());
    json.set("roles", roles(account.roles()));
    account.lockedUntil().ifPresent(until -> json.put("lockedUntil", until.toString()));
    return json;
  }

  /** What a key looks like once issued: never its secret or hash. */
  private static ObjectNode apiKey(ApiKey key) {
    ObjectNode json =
        JsonCodec.newObject()
            .put("id", key.id())
            .put("name", key.name())
            .put("created", key.created().toString())
            .put("revoked", key.revoked());
    json.set("roles", roles(key.roles()));
    return json;
  }

  private static ArrayNode roles(Set<Role> roles) {
    ArrayNode array = JsonCodec.newArray();
    roles.stream().map(Role::wireName).sorted().forEach(array::add);
    return array;
  }

  private static String kind(Principal principal) {
    return switch (principal.kind()) {
      case ANONYMOUS -> "anonymous";
      case ACCOUNT -> "account";
      case API_KEY -> "api-key";
      case TOKEN -> "token";
    };
  }

  /** The body, refusing any field not in {@code accepted} by name. */
  private static ObjectNode body(Context ctx, Set<String> accepted) {
    ObjectNode body = JsonCodec.readObject(ctx.bodyAsBytes());
    Iterator<String> fields = body.fieldNames();
    while (fields.hasNext()) {
      String field = fields.next();
      if (!accepted.contains(field)) {
        throw new InvalidInputException(
            "'"
                + field
                + "' cannot be set by this request; it accepts "
                + String.join(", ", accepted.stream().sorted().toList()),
            field);
      }
    }
    return body;
  }

  private static String required(ObjectNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidInputException(
          field + " is required as text, found " + JsonCodec.describe(value), field);
    }
    return value.textValue();
  }

  private static Set<Role> roles(JsonNode node) {
    if (!node.isArray()) {
      throw new InvalidInputException(
          "roles is an array of role names, found " + JsonCodec.describe(node), "roles");
    }
    Set<Role> roles = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode item = node.get(i);
      String field = "roles[" + i + "]";
      if (!item.isTextual()) {
        throw new InvalidInputException(
            "a role is text such as operator:waste, found " + JsonCodec.describe(item), field);
      }
      try {
        roles.add(Role.parse(item.textValue()));
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(e.getMessage(), field, e);
      }
    }
    return roles;
  }

  private static void noStore(Context ctx) {
    ctx.header("Cache-Control", "no-store");
  }

  private static void respond(Context ctx, int status, ObjectNode body) {
    ctx.status(status).contentType("application/json").result(JsonCodec.write(body));
  }
}
