package org.civitas.app.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How operators and systems sign in: local accounts (the first administrator is created on the
 * first start) and, for production, access tokens of the city's OpenID Connect provider.
 *
 * @param adminPassword the first administrator's password; empty for a random one written to the
 *     data directory; never logged or shown
 * @param sessionLifetime how long a sign-in lasts
 * @param oidc the identity provider whose tokens are accepted, if any
 */
public record AuthConfig(String adminPassword, Duration sessionLifetime, Optional<Oidc> oidc) {

  /** Minimum length of a configured administrator password (NIST SP 800-63B asks at least 8). */
  static final int MINIMUM_PASSWORD_LENGTH = 12;

  /**
   * The city's identity provider (Keycloak or any OpenID Connect provider).
   *
   * @param jwksUrl where its signing keys are published
   * @param issuer the {@code iss} its tokens carry
   * @param audience the {@code aud} a token for Civitas carries
   * @param rolesClaim the dotted path of the claim that lists the roles
   */
  public record Oidc(URI jwksUrl, String issuer, String audience, String rolesClaim) {}

  static final Setting ADMIN_PASSWORD =
      Setting.secret(
          "auth",
          "admin-password",
          "Password of the first administrator account `admin`, created when no account exists (at"
              + " least 12 characters); unset, a random one is written to <data.dir>/admin-password.txt");
  static final Setting SESSION_HOURS =
      Setting.of("auth", "session-hours", "8", "Hours a sign-in lasts before it must be renewed");
  static final Setting OIDC_JWKS_URL =
      Setting.of(
          "auth",
          "oidc.jwks-url",
          "",
          "JWKS URL of the city's OpenID Connect provider, e.g."
              + " https://id.city.example/realms/city/protocol/openid-connect/certs; unset, only"
              + " local accounts and API keys sign in");
  static final Setting OIDC_ISSUER =
      Setting.of("auth", "oidc.issuer", "", "The `iss` of the provider's tokens");
  static final Setting OIDC_AUDIENCE =
      Setting.of("auth", "oidc.audience", "civitas", "The `aud` a token for Civitas carries");
  static final Setting OIDC_ROLES_CLAIM =
      Setting.of(
          "auth",
          "oidc.roles-claim",
          "realm_access.roles",
          "Dotted path of the claim listing a token's roles (operator:<department>, dpo, admin)");
  static final List<Setting> SETTINGS =
      List.of(
          ADMIN_PASSWORD,
          SESSION_HOURS,
          OIDC_JWKS_URL,
          OIDC_ISSUER,
          OIDC_AUDIENCE,
          OIDC_ROLES_CLAIM);

  static AuthConfig read(SettingsReader settings) {
    String password = settings.secret(ADMIN_PASSWORD);
    if (!password.isEmpty() && password.length() < MINIMUM_PASSWORD_LENGTH) {
      settings.problem(
          ADMIN_PASSWORD, "expected at least " + MINIMUM_PASSWORD_LENGTH + " characters");
    }
    Duration session = Duration.ofHours(settings.integer(SESSION_HOURS, 1, 720));
    Optional<URI> jwks = settings.httpUrl(OIDC_JWKS_URL);
    String issuer = settings.text(OIDC_ISSUER);
    String audience = settings.text(OIDC_AUDIENCE);
    String roles = settings.text(OIDC_ROLES_CLAIM);
    Optional<Oidc> oidc = Optional.empty();
    if (jwks.isPresent()) {
      if (issuer.isEmpty()) {
        settings.problem(OIDC_ISSUER, "is needed with auth.oidc.jwks-url");
      }
      if (audience.isEmpty()) {
        settings.problem(OIDC_AUDIENCE, "is needed with auth.oidc.jwks-url");
      }
      if (roles.isEmpty()) {
        settings.problem(OIDC_ROLES_CLAIM, "is needed with auth.oidc.jwks-url");
      }
      oidc = Optional.of(new Oidc(jwks.get(), issuer, audience, roles));
    } else if (!issuer.isEmpty()) {
      settings.problem(OIDC_JWKS_URL, "is needed with auth.oidc.issuer");
    }
    return new AuthConfig(password, session, oidc);
  }

  /** Never the password. */
  @Override
  public String toString() {
    return "AuthConfig[adminPassword="
        + (adminPassword.isEmpty() ? "random" : "***")
        + ", sessionLifetime="
        + sessionLifetime
        + ", oidc="
        + oidc
        + "]";
  }
}
