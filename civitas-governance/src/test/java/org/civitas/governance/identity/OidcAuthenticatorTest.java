package org.civitas.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.civitas.error.UnauthorizedException;
import org.civitas.error.UnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tokens of the city's identity provider, as Keycloak issues them, verified against keys generated
 * here and served from 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OidcAuthenticatorTest {
  private static final String ISSUER = "https://id.brennhaven.example/realms/civitas";
  private static final String AUDIENCE = "civitas";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private RSAKey rsa;
  private ECKey ec;
  private JwksServer jwks;
  private final TestClock clock = new TestClock(NOW);
  private OidcAuthenticator oidc;

  @BeforeAll
  void keys() throws JOSEException {
    rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    jwks = new JwksServer();
    jwks.publish(List.of(rsa, ec));
  }

  @AfterAll
  void stop() {
    jwks.close();
  }

  @BeforeEach
  void authenticator() {
    oidc = new OidcAuthenticator(new OidcSettings(jwks.url(), ISSUER, AUDIENCE), clock);
  }

  private JWTClaimsSet.Builder claims() {
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .audience(List.of(AUDIENCE, "account"))
        .subject("6f1c2a9e-operator")
        .issueTime(Date.from(NOW.minusSeconds(60)))
        .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))))
        .claim(
            "realm_access",
            Map.of("roles", List.of("operator:transport", "offline_access", "default-roles")))
        .claim(
            "resource_access",
            Map.of(
                AUDIENCE,
                Map.of("roles", List.of("operator:waste@Harbour")),
                "other-client",
                Map.of("roles", List.of("admin"))));
  }

  private String rs256(JWTClaimsSet claims) throws JOSEException {
    return rs256(rsa, claims);
  }

  private static String rs256(RSAKey key, JWTClaimsSet claims) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private String refused(String token) {
    try {
      oidc.authenticate(token, "Authorization");
    } catch (UnauthorizedException e) {
      assertThat(e.field()).contains("Authorization");
      return e.getMessage();
    }
    throw new AssertionError("the token was accepted");
  }

  private String with(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
    return rs256(change.apply(claims()).build());
  }

  @Test
  void a_keycloak_token_gives_its_subject_with_realm_and_client_roles_ours_only() throws Exception {
    Principal principal = oidc.authenticate(rs256(claims().build()), "Authorization");

    assertThat(principal.id()).isEqualTo("6f1c2a9e-operator");
    assertThat(principal.kind()).isEqualTo(Principal.Kind.TOKEN);
    assertThat(principal.roles())
        .containsExactlyInAnyOrder(
            new Role.Operator(Department.TRANSPORT),
            new Role.Operator(Department.WASTE, Optional.of("Harbour")));
  }

  @Test
  void an_es256_token_is_accepted_too() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
            claims().build());
    jwt.sign(new ECDSASigner(ec));

    assertThat(oidc.authenticate(jwt.serialize(), "Authorization").id())
        .isEqualTo("6f1c2a9e-operator");
  }

  @Test
  void the_roles_claim_path_is_configurable() throws Exception {
    OidcAuthenticator custom =
        new OidcAuthenticator(
            new OidcSettings(jwks.url(), ISSUER, AUDIENCE, "civitas.access.roles"), clock);
    String token =
        with(
            c ->
                c.claim("realm_access", Map.of())
                    .claim("resource_access", Map.of())
                    .claim("civitas", Map.of("access", Map.of("roles", List.of("dpo", "x")))));

    assertThat(custom.authenticate(token, "Authorization").roles())
        .containsExactly(new Role.DataProtectionOfficer());
  }

  @Test
  void an_expired_token_is_refused_beyond_the_clock_skew_only() throws Exception {
    String token = with(c -> c.expirationTime(Date.from(NOW.minusSeconds(20))));
    assertThat(oidc.authenticate(token, "Authorization").id()).isEqualTo("6f1c2a9e-operator");

    clock.advance(Duration.ofSeconds(15));

    assertThat(refused(token)).containsIgnoringCase("expired");
  }

  @Test
  void another_issuer_or_audience_is_refused() throws Exception {
    refused(with(c -> c.issuer("https://id.elsewhere.example/realms/civitas")));
    refused(with(c -> c.audience("account")));
    refused(with(c -> c.subject(null)));
  }

  @Test
  void an_unsigned_token_is_refused() {
    refused(new PlainJWT(claims().build()).serialize());
  }

  @Test
  void an_hmac_token_keyed_with_the_public_key_is_refused() throws Exception {
    // The classic confusion attack: HS256 with the provider's public key as the shared secret.
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(),
            claims().build());
    jwt.sign(new MACSigner(rsa.toPublicJWK().toRSAPublicKey().getEncoded()));

    refused(jwt.serialize());
  }

  @Test
  void a_token_signed_by_a_key_the_provider_does_not_publish_is_refused() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();

    refused(rs256(stranger, claims().build()));
  }

  @Test
  void a_tampered_token_is_refused() throws Exception {
    String token = rs256(claims().build());
    String[] parts = token.split("\\.");
    String admin =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims()
                    .claim("realm_access", Map.of("roles", List.of("admin")))
                    .build()
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    refused(parts[0] + "." + admin + "." + parts[2]);
  }

  @Test
  void keys_are_cached_and_fetched_again_when_a_token_names_an_unknown_key_id() throws Exception {
    oidc.authenticate(rs256(claims().build()), "Authorization");
    oidc.authenticate(rs256(claims().build()), "Authorization");
    int fetched = jwks.fetches();

    RSAKey rotated = new RSAKeyGenerator(2048).keyID("rsa-2").generate();
    jwks.publish(List.of(rotated, rsa, ec));
    Principal principal = oidc.authenticate(rs256(rotated, claims().build()), "Authorization");

    assertThat(principal.id()).isEqualTo("6f1c2a9e-operator");
    assertThat(jwks.fetches()).isEqualTo(fetched + 1);
    jwks.publish(List.of(rsa, ec));
  }

  @Test
  void an_unreachable_provider_is_unavailable_not_unauthorized() throws Exception {
    JwksServer gone = new JwksServer();
    java.net.URI url = gone.url();
    gone.close();
    OidcAuthenticator offline =
        new OidcAuthenticator(new OidcSettings(url, ISSUER, AUDIENCE), clock);

    assertThatThrownBy(() -> offline.authenticate(rs256(claims().build()), "Authorization"))
        .isInstanceOf(UnavailableException.class);
  }

  @Test
  void settings_report_every_problem_at_once() {
    assertThatThrownBy(
            () ->
                new OidcSettings(
                    java.net.URI.create("ftp://x/certs"), " ", null, "a..b", Duration.ofHours(1)))
        .hasMessageContaining("jwksUrl")
        .hasMessageContaining("issuer")
        .hasMessageContaining("audience")
        .hasMessageContaining("rolesClaim")
        .hasMessageContaining("clockSkew");
  }
}
