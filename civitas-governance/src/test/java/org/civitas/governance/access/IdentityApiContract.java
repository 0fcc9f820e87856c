package org.civitas.governance.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civitas.governance.access.Http.bearer;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civitas.governance.identity.Authenticator;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.IdentityService;
import org.civitas.governance.identity.IdentitySettings;
import org.civitas.governance.identity.JwksServer;
import org.civitas.governance.identity.OidcAuthenticator;
import org.civitas.governance.identity.OidcSettings;
import org.civitas.governance.identity.PasswordHasher;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.RecordingAudit;
import org.civitas.governance.identity.Role;
import org.civitas.governance.identity.TestClock;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.Callers;
import org.civitas.server.city.DistrictRoutes;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The access gate and the identity API end to end, on a real server on a free port of 127.0.0.1
 * with the server's own SensorThings routes, the districts of {@code civitas-server} and a stand-in
 * for the device uplink route of {@code civitas-devices} (not a dependency of this module) behind
 * the gate. One subclass per storage engine. Includes the OWASP API Top 10 checks that apply:
 * broken object-level authorisation, mass assignment, excessive data exposure and broken
 * authentication.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentityApiContract {
  private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
  private static final String ADMIN_PASSWORD = "the admin's password";
  private static final String PASSWORD = "an operator's password";
  private static final String ISSUER = "https://id.brennhaven.example/realms/civitas";

  private SensingStore store;
  private CivitasServer server;
  private JwksServer jwks;
  private RSAKey providerKey;
  private Http http;
  private final TestClock clock = new TestClock(START);
  private final RecordingAudit audit = new RecordingAudit();
  private IdentityService identities;
  private final Principal admin =
      new Principal("admin", Principal.Kind.ACCOUNT, Set.of(new Role.Administrator()));
  private int serial;

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void startServer() throws Exception {
    store = openStore();
    identities =
        new IdentityService(
            Storage.identity(store),
            new PasswordHasher(),
            audit,
            clock,
            IdentitySettings.defaults());
    identities.bootstrapAdministrator(Optional.of(ADMIN_PASSWORD));
    providerKey = new RSAKeyGenerator(2048).keyID("city-1").generate();
    jwks = new JwksServer();
    jwks.publish(List.of(providerKey));
    Authenticator authenticator =
        new Authenticator(
            identities,
            Optional.of(
                new OidcAuthenticator(new OidcSettings(jwks.url(), ISSUER, "civitas"), clock)));
    AccessGate gate = new AccessGate(authenticator, AccessPolicy.defaults());
    server =
        new CivitasServer(
            ServerSettings.loopbackOnFreePort(),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    server.withRoutes(gate::register);
    server.withRoutes(routes -> IdentityRoutes.register(routes, identities, null));
    server.withRoutes(routes -> DistrictRoutes.register(routes, Storage.districts(store)));
    // Stands in for civitas-devices' uplink, which checks the device's own bearer secret.
    server.withRoutes(
        routes ->
            routes.post(
                "/api/v1/devices/{id}/uplink",
                ctx -> ctx.status(202).result(Callers.of(ctx).kind().name())));
    http = new Http(server.start());
  }

  @AfterAll
  void stopServer() {
    server.stop();
    jwks.close();
    store.close();
    cleanUp();
  }

  @BeforeEach
  void next() {
    serial++;
  }

  /** A fresh account for one test, with {@link #PASSWORD}. */
  private String account(String base, Role... roles) {
    String name = base + "-" + serial;
    identities.createAccount(admin, name, PASSWORD, Set.of(roles));
    return name;
  }

  private String signIn(String name, String password) {
    Http.Answer answer =
        http.send(
            "POST",
            "/api/v1/auth/sign-in",
            "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}");
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().get("token").asText();
  }

  private String adminToken() {
    return signIn("admin", ADMIN_PASSWORD);
  }

  private static void assertProblem(Http.Answer answer, int status, String field) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).startsWith("application/problem+json");
    assertThat(answer.field()).isEqualTo(field);
  }

  // ---- the gate --------------------------------------------------------------------------

  @Test
  void anonymous_writes_are_401_on_routes_of_other_modules() {
    Http.Answer districts =
        http.send("PUT", "/api/v1/districts", "{\"type\":\"FeatureCollection\",\"features\":[]}");
    assertProblem(districts, 401, "Authorization");
    assertThat(districts.header("WWW-Authenticate")).contains("Bearer realm=\"civitas\"");

    assertProblem(http.send("POST", "/v1.1/Things", "{\"name\":\"x\"}"), 401, "Authorization");
    // The refused request never reached its route.
    assertThat(http.get("/v1.1/Things").json().get("value")).isEmpty();
    assertProblem(http.send("DELETE", "/v1.1/Things(1)", null), 401, "Authorization");
  }

  @Test
  void anonymous_callers_read_public_paths_and_nothing_else() {
    assertThat(http.get("/api/v1/districts").status()).isEqualTo(200);
    assertThat(http.get("/v1.1").status()).isEqualTo(200);
    assertThat(http.get("/health").status()).isIn(200, 503);

    assertProblem(http.get("/api/v1/devices"), 401, "Authorization");
    assertProblem(http.get("/api/v1/rules"), 401, "Authorization");
    assertProblem(http.get("/api/v1/governance/accounts"), 401, "Authorization");
  }

  @Test
  void paths_spelled_to_escape_a_public_pattern_are_not_public() {
    for (String path :
        List.of(
            "/api/v1/districts/..%2F..%2Fgovernance%2Faccounts",
            "/api/v1/districts/%2e%2e/devices", "/api/v1/districts;x/../devices")) {
      assertThat(http.get(path).status()).as(path).isIn(400, 401);
    }
  }

  @Test
  void a_signed_in_operator_writes_through_the_gate() {
    String token = signIn(account("tom", new Role.Operator(Department.TRANSPORT)), PASSWORD);

    Http.Answer put =
        http.send(
            "PUT",
            "/api/v1/districts",
            "{\"type\":\"FeatureCollection\",\"features\":[]}",
            bearer(token));

    assertThat(put.status()).as(put.body()).isEqualTo(200);
  }

  @Test
  void device_uplinks_pass_the_gate_with_their_own_bearer_secret_and_stay_anonymous() {
    Http.Answer uplink =
        http.send(
            "POST",
            "/api/v1/devices/bin-17/uplink",
            "{\"fill\":0.7}",
            bearer("a-device-secret-not-ours"));

    assertThat(uplink.status()).isEqualTo(202);
    assertThat(uplink.body()).isEqualTo("ANONYMOUS");
  }

  @Test
  void bad_credentials_are_401_even_on_public_paths() {
    assertProblem(http.get("/api/v1/districts", bearer("cvs_not-a-session")), 401, "Authorization");
    assertProblem(http.get("/api/v1/districts", bearer("cvk_nokey_secret")), 401, "Authorization");
    assertProblem(
        http.get("/api/v1/districts", "Authorization", "Basic YWRtaW46YWRtaW4="),
        401,
        "Authorization");
    assertProblem(http.get("/api/v1/districts", bearer("eyJ.a.b")), 401, "Authorization");
  }

  @Test
  void a_stale_session_cookie_is_401_and_removed() {
    Http.Answer answer = http.get("/console/", "Cookie", "civitas_session=cvs_ended");

    assertProblem(answer, 401, "civitas_session");
    assertThat(String.join("\n", answer.headers("Set-Cookie")))
        .contains("civitas_session=;")
        .contains("Expires=Thu, 01 Jan 1970");
  }

  @Test
  void a_principal_without_roles_reads_public_data_only_and_may_change_its_password() {
    String name = account("nora");
    String token = signIn(name, PASSWORD);

    assertThat(http.get("/api/v1/districts", bearer(token)).status()).isEqualTo(200);
    assertProblem(http.get("/api/v1/devices", bearer(token)), 403, "Authorization");
    assertProblem(http.send("PUT", "/api/v1/districts", "{}", bearer(token)), 403, "Authorization");
    Http.Answer changed =
        http.send(
            "PUT",
            "/api/v1/auth/password",
            "{\"currentPassword\":\"" + PASSWORD + "\",\"newPassword\":\"nora's new password\"}",
            bearer(token));
    assertThat(changed.status()).as(changed.body()).isEqualTo(204);
  }

  @Test
  void a_token_of_the_city_identity_provider_authenticates() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(providerKey.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience("civitas")
                .subject("kc-user-42")
                .expirationTime(Date.from(START.plus(Duration.ofDays(30))))
                .claim("realm_access", Map.of("roles", List.of("operator:health")))
                .build());
    jwt.sign(new RSASSASigner(providerKey));

    JsonNode me = http.get("/api/v1/auth/me", bearer(jwt.serialize())).json();

    assertThat(me.get("kind").asText()).isEqualTo("token");
    assertThat(me.get("id").asText()).isEqualTo("kc-user-42");
    assertThat(me.get("roles").get(0).asText()).isEqualTo("operator:health");
  }

  // ---- sign-in, sessions, sign-out -------------------------------------------------------

  @Test
  void sign_in_answers_the_session_and_sets_a_strict_http_only_cookie() {
    String name = account("ada", new Role.Operator(Department.WASTE, Optional.of("Old Town")));

    Http.Answer answer =
        http.send(
            "POST",
            "/api/v1/auth/sign-in",
            "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode body = answer.json();
    String token = body.get("token").asText();
    assertThat(token).startsWith("cvs_");
    assertThat(body.get("account").asText()).isEqualTo(name);
    assertThat(body.get("roles").get(0).asText()).isEqualTo("operator:waste@Old Town");
    assertThat(Instant.parse(body.get("expiresAt").asText()))
        .isEqualTo(clock.instant().plus(Duration.ofHours(8)));
    assertThat(answer.header("Cache-Control")).contains("no-store");
    String cookie = answer.header("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith("civitas_session=" + token)
        .contains("Path=/")
        .containsIgnoringCase("HttpOnly")
        .containsIgnoringCase("SameSite=Strict")
        .doesNotContainIgnoringCase("secure");

    JsonNode me = http.get("/api/v1/auth/me", "Cookie", "civitas_session=" + token).json();
    assertThat(me.get("kind").asText()).isEqualTo("account");
    assertThat(me.get("id").asText()).isEqualTo(name);
  }

  @Test
  void me_answers_anonymous_without_credentials() {
    Http.Answer me = http.get("/api/v1/auth/me");

    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().toString()).isEqualTo("{\"kind\":\"anonymous\"}");
  }

  @Test
  void a_wrong_password_and_an_unknown_name_get_the_same_401() {
    String name = account("bea");
    Http.Answer wrong =
        http.send(
            "POST", "/api/v1/auth/sign-in", "{\"name\":\"" + name + "\",\"password\":\"nope\"}");
    Http.Answer unknown =
        http.send("POST", "/api/v1/auth/sign-in", "{\"name\":\"ghost\",\"password\":\"nope\"}");

    assertProblem(wrong, 401, "name");
    assertProblem(unknown, 401, "name");
    assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
  }

  @Test
  void broken_authentication_repeated_guesses_lock_the_account() {
    String name = account("cal", new Role.Operator(Department.UTILITIES));
    for (int i = 0; i < IdentitySettings.DEFAULT_MAX_FAILED_ATTEMPTS; i++) {
      http.send(
          "POST",
          "/api/v1/auth/sign-in",
          "{\"name\":\"" + name + "\",\"password\":\"guess" + i + "\"}");
    }

    Http.Answer right =
        http.send(
            "POST",
            "/api/v1/auth/sign-in",
            "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");

    assertProblem(right, 401, "name");
    JsonNode account = http.get("/api/v1/governance/accounts/" + name, bearer(adminToken())).json();
    assertThat(account.get("lockedUntil")).isNotNull();
  }

  @Test
  void broken_authentication_an_expired_session_is_401() {
    String token = signIn(account("dan", new Role.Operator(Department.EMERGENCY)), PASSWORD);
    assertThat(http.get("/api/v1/auth/me", bearer(token)).status()).isEqualTo(200);

    clock.advance(Duration.ofHours(8));

    assertProblem(http.get("/api/v1/auth/me", bearer(token)), 401, "Authorization");
  }

  @Test
  void signing_out_ends_the_session_and_clears_the_cookie() {
    String token = signIn(account("eli", new Role.Operator(Department.WASTE)), PASSWORD);

    Http.Answer out = http.send("POST", "/api/v1/auth/sign-out", null, bearer(token));

    assertThat(out.status()).isEqualTo(204);
    assertThat(String.join("\n", out.headers("Set-Cookie")))
        .contains("civitas_session=;")
        .contains("Expires=Thu, 01 Jan 1970");
    assertProblem(http.get("/api/v1/auth/me", bearer(token)), 401, "Authorization");
    assertProblem(http.send("POST", "/api/v1/auth/sign-out", null), 401, "Authorization");
  }

  @Test
  void a_password_change_with_a_wrong_current_password_is_403() {
    String token = signIn(account("fay", new Role.Operator(Department.HEALTH)), PASSWORD);

    assertProblem(
        http.send(
            "PUT",
            "/api/v1/auth/password",
            "{\"currentPassword\":\"not it at all\",\"newPassword\":\"a brand new password\"}",
            bearer(token)),
        403,
        "currentPassword");
  }

  // ---- API keys --------------------------------------------------------------------------

  @Test
  void an_api_key_issued_over_http_authenticates_until_revoked() {
    String adminToken = adminToken();
    Http.Answer created =
        http.send(
            "POST",
            "/api/v1/governance/api-keys",
            "{\"name\":\"simulator\",\"roles\":[\"operator:environment\"]}",
            bearer(adminToken));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("id").asText();
    String key = created.json().get("key").asText();
    assertThat(key).startsWith("cvk_" + id + "_");

    JsonNode me = http.get("/api/v1/auth/me", bearer(key)).json();
    assertThat(me.get("kind").asText()).isEqualTo("api-key");
    assertThat(me.get("id").asText()).isEqualTo(id);

    assertThat(
            http.send("DELETE", "/api/v1/governance/api-keys/" + id, null, bearer(adminToken))
                .status())
        .isEqualTo(204);
    assertProblem(http.get("/api/v1/auth/me", bearer(key)), 401, "Authorization");
    assertThat(
            http.send(
                    "DELETE",
                    "/api/v1/governance/api-keys/nosuchkey0000000",
                    null,
                    bearer(adminToken))
                .status())
        .isEqualTo(404);
  }

  // ---- administration and OWASP API1: broken object-level authorisation ------------------

  @Test
  void an_administrator_creates_reads_changes_and_deletes_accounts() {
    String adminToken = adminToken();
    String name = "gil-" + serial;
    Http.Answer created =
        http.send(
            "POST",
            "/api/v1/governance/accounts",
            "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"dpo\"]}",
            bearer(adminToken));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.header("Location")).contains("/api/v1/governance/accounts/" + name);

    Http.Answer patched =
        http.send(
            "PATCH",
            "/api/v1/governance/accounts/" + name,
            "{\"roles\":[\"operator:transport\",\"dpo\"],\"disabled\":true}",
            bearer(adminToken));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().get("disabled").asBoolean()).isTrue();
    assertThat(patched.json().get("roles").toString())
        .isEqualTo("[\"dpo\",\"operator:transport\"]");
    assertThat(audit.of("account.roles-changed")).isNotEmpty();

    assertThat(
            http.send("DELETE", "/api/v1/governance/accounts/" + name, null, bearer(adminToken))
                .status())
        .isEqualTo(204);
    assertThat(http.get("/api/v1/governance/accounts/" + name, bearer(adminToken)).status())
        .isEqualTo(404);
  }

  @Test
  void bola_an_operator_cannot_read_or_change_another_account_nor_revoke_a_key() {
    String other = account("hal", new Role.Operator(Department.WASTE));
    String token = signIn(account("ivy", new Role.Operator(Department.TRANSPORT)), PASSWORD);
    String key = identities.issueApiKey("hub", Set.of(), "system").id();

    assertProblem(
        http.get("/api/v1/governance/accounts/" + other, bearer(token)), 403, "Authorization");
    assertProblem(http.get("/api/v1/governance/accounts", bearer(token)), 403, "Authorization");
    assertProblem(
        http.send(
            "PATCH", "/api/v1/governance/accounts/" + other, "{\"disabled\":true}", bearer(token)),
        403,
        "Authorization");
    assertProblem(
        http.send("DELETE", "/api/v1/governance/accounts/" + other, null, bearer(token)),
        403,
        "Authorization");
    assertProblem(
        http.send("DELETE", "/api/v1/governance/api-keys/" + key, null, bearer(token)),
        403,
        "Authorization");
    assertProblem(
        http.send("POST", "/api/v1/governance/api-keys", "{\"name\":\"mine\"}", bearer(token)),
        403,
        "Authorization");

    JsonNode keys = http.get("/api/v1/governance/api-keys", bearer(adminToken())).json();
    JsonNode stillThere = null;
    for (JsonNode k : keys.get("value")) {
      if (k.get("id").asText().equals(key)) {
        stillThere = k;
      }
    }
    assertThat(stillThere).isNotNull();
    assertThat(stillThere.get("revoked").asBoolean()).isFalse();
    assertThat(identities.account(admin, other).disabled()).isFalse();
  }

  // ---- OWASP API3: mass assignment -------------------------------------------------------

  @Test
  void mass_assignment_server_owned_or_unknown_fields_are_400_naming_the_field() {
    String adminToken = adminToken();
    String name = account("jo", new Role.Operator(Department.TRANSPORT));
    String token = signIn(name, PASSWORD);

    for (String field : List.of("passwordHash", "created", "id", "failedAttempts")) {
      assertProblem(
          http.send(
              "POST",
              "/api/v1/governance/accounts",
              "{\"name\":\"kim-"
                  + serial
                  + "\",\"password\":\""
                  + PASSWORD
                  + "\",\""
                  + field
                  + "\":\"x\"}",
              bearer(adminToken)),
          400,
          field);
    }
    assertProblem(
        http.send(
            "PATCH",
            "/api/v1/governance/accounts/" + name,
            "{\"name\":\"root\"}",
            bearer(adminToken)),
        400,
        "name");
    assertProblem(
        http.send(
            "POST",
            "/api/v1/governance/api-keys",
            "{\"name\":\"hub\",\"secretHash\":\"00\"}",
            bearer(adminToken)),
        400,
        "secretHash");
    // A non-administrator's own endpoints take no roles, no disabled flag, no hash.
    for (String field : List.of("roles", "disabled", "passwordHash")) {
      assertProblem(
          http.send(
              "PUT",
              "/api/v1/auth/password",
              "{\"currentPassword\":\""
                  + PASSWORD
                  + "\",\"newPassword\":\"another long password\",\""
                  + field
                  + "\":[\"admin\"]}",
              bearer(token)),
          400,
          field);
    }
    assertProblem(
        http.send(
            "POST",
            "/api/v1/auth/sign-in",
            "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"admin\"]}"),
        400,
        "roles");
    assertThat(identities.account(admin, name).roles())
        .containsExactly(new Role.Operator(Department.TRANSPORT));
    assertThat(identities.account(admin, name).disabled()).isFalse();
    assertThat(http.get("/api/v1/governance/accounts/kim-" + serial, bearer(adminToken)).status())
        .isEqualTo(404);
  }

  @Test
  void an_unknown_role_is_400_naming_its_place() {
    assertProblem(
        http.send(
            "POST",
            "/api/v1/governance/accounts",
            "{\"name\":\"lou-"
                + serial
                + "\",\"password\":\""
                + PASSWORD
                + "\",\"roles\":[\"dpo\",\"operator:police\"]}",
            bearer(adminToken())),
        400,
        "roles[1]");
  }

  // ---- OWASP API3 (was API3:2019): excessive data exposure -------------------------------

  @Test
  void excessive_data_exposure_listings_carry_no_hash_secret_or_session_token() {
    String adminToken = adminToken();
    String name = account("max", new Role.Operator(Department.WASTE));
    String session = signIn(name, PASSWORD);
    Http.Answer created =
        http.send(
            "POST",
            "/api/v1/governance/api-keys",
            "{\"name\":\"data hub\",\"roles\":[]}",
            bearer(adminToken));
    String key = created.json().get("key").asText();
    String secret = key.substring(key.lastIndexOf('_') + 1);

    for (String path :
        List.of(
            "/api/v1/governance/accounts",
            "/api/v1/governance/accounts/" + name,
            "/api/v1/governance/api-keys",
            "/api/v1/auth/me")) {
      Http.Answer answer = http.get(path, bearer(adminToken));
      assertThat(answer.status()).as(path).isEqualTo(200);
      assertThat(answer.body())
          .as(path)
          .doesNotContain("$argon2id$", "assword", "ecret", "ash", "cvs_", "cvk_", secret)
          .doesNotContain(session.substring(4), adminToken.substring(4));
    }
  }

  @Test
  void the_audit_log_never_holds_a_password_token_or_secret() {
    String name = account("ned", new Role.Operator(Department.WASTE));
    String token = signIn(name, PASSWORD);
    http.send(
        "POST", "/api/v1/auth/sign-in", "{\"name\":\"" + name + "\",\"password\":\"wrong one\"}");
    http.send("POST", "/api/v1/auth/sign-out", null, bearer(token));

    assertThat(audit.events())
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.text())
                    .doesNotContain(PASSWORD, ADMIN_PASSWORD, "wrong one", token, "$argon2id$"));
  }
}
