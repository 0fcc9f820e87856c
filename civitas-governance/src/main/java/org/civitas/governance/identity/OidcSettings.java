package org.civitas.governance.identity;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to trust the access tokens of the city's identity provider (Keycloak in production);
 * validated as a whole when constructed.
 *
 * @param jwksUrl where the provider publishes its signing keys (JWKS), e.g. {@code
 *     https://id.city.example/realms/civitas/protocol/openid-connect/certs}
 * @param issuer the exact {@code iss} of its tokens, e.g. {@code
 *     https://id.city.example/realms/civitas}
 * @param audience a value the token's {@code aud} must hold (the Civitas client); also the client
 *     whose roles are read from {@code resource_access.<audience>.roles}
 * @param rolesClaim the dotted path of a claim holding an array of role names (default {@value
 *     #DEFAULT_ROLES_CLAIM}, Keycloak's realm roles)
 * @param clockSkew how far the token's times may disagree with this node's clock (default 30 s)
 */
public record OidcSettings(
    URI jwksUrl, String issuer, String audience, String rolesClaim, Duration clockSkew) {

  public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  public OidcSettings {
    List<String> problems = new ArrayList<>();
    if (jwksUrl == null
        || !("https".equals(jwksUrl.getScheme()) || "http".equals(jwksUrl.getScheme()))
        || jwksUrl.getHost() == null) {
      problems.add("jwksUrl must be an absolute http(s) URL, was " + jwksUrl);
    }
    if (issuer == null || issuer.isBlank()) {
      problems.add("issuer must be the exact iss of the provider's tokens");
    }
    if (audience == null || audience.isBlank()) {
      problems.add("audience must name the Civitas client at the provider");
    }
    if (rolesClaim == null
        || rolesClaim.isBlank()
        || rolesClaim.startsWith(".")
        || rolesClaim.endsWith(".")
        || rolesClaim.contains("..")) {
      problems.add(
          "rolesClaim must be a dotted claim path such as realm_access.roles, was '"
              + rolesClaim
              + "'");
    }
    if (clockSkew == null
        || clockSkew.isNegative()
        || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
      problems.add("clockSkew must be between 0 and 5 minutes, was " + clockSkew);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid OIDC settings: " + String.join("; ", problems));
    }
  }

  /** With Keycloak's realm roles and a 30 s clock skew. */
  public OidcSettings(URI jwksUrl, String issuer, String audience) {
    this(jwksUrl, issuer, audience, DEFAULT_ROLES_CLAIM, DEFAULT_CLOCK_SKEW);
  }

  /** With a 30 s clock skew. */
  public OidcSettings(URI jwksUrl, String issuer, String audience, String rolesClaim) {
    this(jwksUrl, issuer, audience, rolesClaim, DEFAULT_CLOCK_SKEW);
  }
}
