package org.civitas.governance.access;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.civitas.error.ForbiddenException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.identity.Authenticator;
import org.civitas.governance.identity.Principal;
import org.civitas.server.access.Callers;

/**
 * The gate every HTTP request passes before any route runs (a Javalin {@code before} handler on
 * every path). It authenticates the request ({@link Authenticator}), hands the principal to the
 * routes ({@link Callers#set}), and refuses what the {@link AccessPolicy} does not allow:
 *
 * <ol>
 *   <li>a write (any method but GET, HEAD, OPTIONS) without a signed-in principal: 401, unless it
 *       is an exempt write, which authenticates itself and whose credentials the gate does not
 *       read;
 *   <li>a read of a path that is not public without a principal: 401;
 *   <li>an administrator-only path by anyone else: 401 anonymous, 403 signed in;
 *   <li>a principal without roles: 403 for any write but to its own session and password ({@code
 *       /api/v1/auth/*}) and any read that is not public.
 * </ol>
 *
 * Credentials that do not hold are a 401 on every path, public ones included; a stale session
 * cookie is removed in that answer, so the console's next page load starts anonymous.
 *
 * <p>Paths that could be read two ways (dot segments, doubled or encoded slashes, matrix
 * parameters) never count as public or exempt: a pattern must not be escaped by spelling.
 *
 * <p>Department-level rules (a transport operator reading a health datastream) are not decided here
 * but by the routes that know what a resource belongs to, reading {@link Callers#of}.
 */
public final class AccessGate {
  private static final Pattern AMBIGUOUS =
      Pattern.compile("(?i).*(//|/\\./|/\\.\\.(/|$)|/\\.$|%2e|%2f|%5c|\\\\|;).*");

  /** What a principal without roles may still write: signing out, its own password. */
  private static final PathPattern OWN_ACCOUNT = PathPattern.of("/api/v1/auth/*");

  private final Authenticator authenticator;
  private final AccessPolicy policy;

  public AccessGate(Authenticator authenticator, AccessPolicy policy) {
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** Installs the gate before every route of {@code routes}. */
  public void register(RoutesConfig routes) {
    routes.before(this::check);
  }

  void check(Context ctx) {
    String method = ctx.method().name().toUpperCase(Locale.ROOT);
    String path = ctx.path();
    boolean canonical = !AMBIGUOUS.matcher(path).matches();
    boolean read =
        ctx.method() == HandlerType.GET
            || ctx.method() == HandlerType.HEAD
            || ctx.method() == HandlerType.OPTIONS;
    if (!read && canonical && policy.isExemptWrite(method, path)) {
      Callers.set(ctx, Principal.ANONYMOUS);
      return;
    }
    Principal principal = authenticate(ctx);
    Callers.set(ctx, principal);
    if (ctx.method() == HandlerType.OPTIONS) {
      // A CORS preflight carries no credentials; the request it announces is checked itself.
      return;
    }
    if (canonical && policy.isAdministratorOnly(path)) {
      requireSignedIn(principal, read);
      if (!principal.isAdministrator()) {
        throw new ForbiddenException(
            "only administrators manage accounts and API keys", "Authorization");
      }
      return;
    }
    boolean open = canonical && policy.isPublicRead(path);
    if (read && open) {
      return;
    }
    requireSignedIn(principal, read);
    boolean ownAccount = !read && canonical && OWN_ACCOUNT.matches(path);
    if (principal.roles().isEmpty() && !ownAccount) {
      throw new ForbiddenException(
          principal.id() + " holds no role; an administrator grants roles", "Authorization");
    }
  }

  private Principal authenticate(Context ctx) {
    try {
      return authenticator.authenticate(ctx);
    } catch (UnauthorizedException e) {
      if (e.field().filter(Authenticator.SESSION_COOKIE::equals).isPresent()) {
        ctx.removeCookie(Authenticator.SESSION_COOKIE, "/");
      }
      throw e;
    }
  }

  private static void requireSignedIn(Principal principal, boolean read) {
    if (principal.isAnonymous()) {
      throw new UnauthorizedException(
          read
              ? "sign in to read this; anonymous callers read public data only"
              : "every write needs a signed-in principal (Authorization: Bearer ...)",
          "Authorization");
    }
  }
}
