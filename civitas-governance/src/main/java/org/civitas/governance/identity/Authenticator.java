package org.civitas.governance.identity;

import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;
import org.civitas.error.UnauthorizedException;

/**
 * Turns a request's credentials into its {@link Principal}: {@code Authorization: Bearer cvs_...}
 * (a session), {@code Bearer cvk_...} (an API key), {@code Bearer <JWT>} (a token of the city's
 * identity provider, when one is configured), or the console's {@value #SESSION_COOKIE} cookie. No
 * credentials at all is {@link Principal#ANONYMOUS}; credentials that do not hold (unknown,
 * expired, revoked, malformed, another scheme) are a 401, never silently anonymous, so that a
 * client learns its session ended rather than seeing less data. The header wins over the cookie.
 *
 * <p>Thread-safe.
 */
public final class Authenticator {
  /** The cookie sign-in sets for the console. */
  public static final String SESSION_COOKIE = "civitas_session";

  static final String AUTHORIZATION = "Authorization";
  private static final String BEARER = "bearer ";

  private final IdentityService identities;
  private final Optional<OidcAuthenticator> oidc;

  public Authenticator(IdentityService identities, Optional<OidcAuthenticator> oidc) {
    this.identities = Objects.requireNonNull(identities, "identities");
    this.oidc = Objects.requireNonNull(oidc, "oidc");
  }

  /** The principal of an HTTP request. */
  public Principal authenticate(Context ctx) {
    return authenticate(ctx.header(AUTHORIZATION), ctx.cookie(SESSION_COOKIE));
  }

  /**
   * The principal of these credentials.
   *
   * @param authorization the {@code Authorization} header, null when absent
   * @param sessionCookie the {@value #SESSION_COOKIE} cookie, null when absent
   * @throws UnauthorizedException naming {@code Authorization} or the cookie when credentials are
   *     given and do not hold
   */
  public Principal authenticate(String authorization, String sessionCookie) {
    if (authorization != null) {
      String token = bearer(authorization);
      if (token.startsWith(IdentityService.SESSION_PREFIX)) {
        return identities.authenticateSession(token, AUTHORIZATION);
      }
      if (token.startsWith(IdentityService.KEY_PREFIX)) {
        return identities.authenticateApiKey(token, AUTHORIZATION);
      }
      if (oidc.isPresent() && looksLikeJwt(token)) {
        return oidc.get().authenticate(token, AUTHORIZATION);
      }
      throw new UnauthorizedException(
          "the bearer token is neither a Civitas session (cvs_), an API key (cvk_)"
              + (oidc.isPresent() ? " nor a token of the identity provider" : ""),
          AUTHORIZATION);
    }
    if (sessionCookie != null && !sessionCookie.isEmpty()) {
      if (!sessionCookie.startsWith(IdentityService.SESSION_PREFIX)) {
        throw new UnauthorizedException("the session cookie is not a session", SESSION_COOKIE);
      }
      return identities.authenticateSession(sessionCookie, SESSION_COOKIE);
    }
    return Principal.ANONYMOUS;
  }

  /**
   * The session token a request carries (header first, then cookie), for signing out and for
   * keeping the current session across a password change.
   */
  public static Optional<String> sessionToken(Context ctx) {
    String authorization = ctx.header(AUTHORIZATION);
    if (authorization != null) {
      String token =
          authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
              ? authorization.substring(BEARER.length()).trim()
              : "";
      return token.startsWith(IdentityService.SESSION_PREFIX)
          ? Optional.of(token)
          : Optional.empty();
    }
    String cookie = ctx.cookie(SESSION_COOKIE);
    return cookie != null && cookie.startsWith(IdentityService.SESSION_PREFIX)
        ? Optional.of(cookie)
        : Optional.empty();
  }

  private static String bearer(String authorization) {
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new UnauthorizedException(
          "only Bearer credentials are accepted (Authorization: Bearer <token>)", AUTHORIZATION);
    }
    String token = authorization.substring(BEARER.length()).trim();
    if (token.isEmpty()) {
      throw new UnauthorizedException("the bearer token is empty", AUTHORIZATION);
    }
    return token;
  }

  private static boolean looksLikeJwt(String token) {
    return token.chars().filter(c -> c == '.').count() == 2;
  }
}
