package org.civitas.governance.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.civitas.governance.identity.Authenticator;
import org.civitas.governance.identity.IdentityService;
import org.civitas.governance.identity.IdentitySettings;
import org.civitas.governance.identity.PasswordHasher;
import org.civitas.governance.identity.RecordingAudit;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behind a proxy that terminates TLS, the session cookie is only ever sent over https. */
class SecureCookieTest {
  @TempDir Path dataDir;

  @Test
  void the_session_cookie_is_secure_when_the_public_url_is_https() {
    try (SensingStore store = Storage.open(StorageSettings.embedded(dataDir))) {
      IdentityService identities =
          new IdentityService(
              Storage.identity(store),
              new PasswordHasher(),
              new RecordingAudit(),
              Clock.systemUTC(),
              IdentitySettings.defaults());
      identities.bootstrapAdministrator(Optional.of("the admin's password"));
      AccessGate gate =
          new AccessGate(new Authenticator(identities, Optional.empty()), AccessPolicy.defaults());
      CivitasServer server =
          new CivitasServer(
              ServerSettings.loopbackOnFreePort(),
              store,
              new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      server.withRoutes(gate::register);
      server.withRoutes(
          routes ->
              IdentityRoutes.register(routes, identities, "https://civitas.brennhaven.example"));
      try {
        Http http = new Http(server.start());

        Http.Answer answer =
            http.send(
                "POST",
                "/api/v1/auth/sign-in",
                "{\"name\":\"admin\",\"password\":\"the admin's password\"}");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("Set-Cookie").orElseThrow())
            .containsIgnoringCase("Secure")
            .containsIgnoringCase("HttpOnly")
            .containsIgnoringCase("SameSite=Strict");
      } finally {
        server.stop();
      }
    }
  }
}
