package org.civitas.governance.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.civitas.error.UnauthorizedException;
import org.civitas.error.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies access tokens (JWTs) of the city's identity provider against its published keys
 * (nimbus-jose-jwt): the signature with a key from the JWKS URL (cached for 5 minutes, fetched
 * again at once, at most twice in 30 s, when a token names a key id the cache lacks: the provider
 * rotated its keys), only RS256 or ES256 (never {@code none}, never an HMAC whose secret would be
 * the public key), the exact issuer, the audience, and expiry and not-before with {@link
 * OidcSettings#clockSkew()}. The principal is the token's {@code sub} with kind {@link
 * Principal.Kind#TOKEN}; its roles are the values of {@link OidcSettings#rolesClaim()} and of
 * {@code resource_access.<audience>.roles} that {@link Role#parse} accepts (the provider's own
 * roles such as {@code offline_access} are ignored).
 *
 * <p>Thread-safe.
 */
public final class OidcAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(OidcAuthenticator.class);
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  private static final int HTTP_TIMEOUT_MILLIS = 5_000;
  private static final int JWKS_SIZE_LIMIT = 512 * 1024;

  private final OidcSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /** With the system clock. */
  public OidcAuthenticator(OidcSettings settings) {
    this(settings, Clock.systemUTC());
  }

  /** With the clock expiry is judged by (tests move it). */
  public OidcAuthenticator(OidcSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    JWKSource<SecurityContext> keys;
    try {
      keys =
          JWKSourceBuilder.<SecurityContext>create(
                  settings.jwksUrl().toURL(),
                  new DefaultResourceRetriever(
                      HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, JWKS_SIZE_LIMIT))
              .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("jwksUrl is not a URL: " + settings.jwksUrl(), e);
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            Set.of(settings.audience()),
            new JWTClaimsSet.Builder().issuer(settings.issuer()).build(),
            Set.of("sub", "exp"),
            null) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claims.setMaxClockSkew((int) settings.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * The principal of a token.
   *
   * @throws UnauthorizedException naming {@code field} when the token is not one of the provider's
   *     valid tokens for Civitas
   * @throws UnavailableException when the provider's keys cannot be fetched
   */
  public Principal authenticate(String token, String field) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (KeySourceException e) {
      LOG.warn("cannot fetch the identity provider's keys from {}", settings.jwksUrl(), e);
      throw new UnavailableException(
          "the identity provider's keys cannot be fetched; try again later", e);
    } catch (ParseException | BadJOSEException | JOSEException e) {
      LOG.debug("refused a token: {}", e.getMessage());
      throw new UnauthorizedException("the token is not valid: " + e.getMessage(), field);
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank()) {
      throw new UnauthorizedException("the token names no subject (sub)", field);
    }
    Set<Role> roles = new LinkedHashSet<>();
    addRoles(roles, claims.getClaims(), settings.rolesClaim());
    addRoles(roles, claims.getClaims(), "resource_access." + settings.audience() + ".roles");
    return new Principal(subject, Principal.Kind.TOKEN, roles);
  }

  /**
   * The roles under a dotted path of the claims. An audience with a dot in its name would split
   * wrongly, so objects are walked by the longest key that matches.
   */
  private static void addRoles(Set<Role> roles, Map<String, Object> claims, String path) {
    Object node = claims;
    String rest = path;
    while (!rest.isEmpty()) {
      if (!(node instanceof Map<?, ?> object)) {
        return;
      }
      String key = longestKey(object, rest);
      if (key == null) {
        return;
      }
      node = object.get(key);
      rest = rest.length() == key.length() ? "" : rest.substring(key.length() + 1);
    }
    if (node instanceof List<?> values) {
      for (Object value : values) {
        if (value instanceof String name) {
          try {
            roles.add(Role.parse(name));
          } catch (IllegalArgumentException notOurs) {
            // The provider's own roles (offline_access, default-roles-...) mean nothing here.
          }
        }
      }
    }
  }

  private static String longestKey(Map<?, ?> object, String path) {
    String best = null;
    for (Object candidate : object.keySet()) {
      if (candidate instanceof String key
          && (path.equals(key) || path.startsWith(key + "."))
          && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    return best;
  }
}
