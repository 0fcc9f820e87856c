package org.civitas.governance.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.ConflictException;
import org.civitas.error.ForbiddenException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.identity.store.IdentityStore;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity service over the real embedded store: sign-in, lockout, sessions, API keys and the
 * administrator's changes, with what each leaves in the audit log. (The PostgreSQL engine is
 * covered by the store contract and the HTTP tests.)
 */
class IdentityServiceTest {
  private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
  private static final String ADMIN_PASSWORD = "admin password 1";
  private static final String PASSWORD = "operator password";
  private static final Role TRANSPORT = new Role.Operator(Department.TRANSPORT);

  @TempDir Path dataDir;
  private SensingStore sensing;
  private IdentityStore store;
  private final TestClock clock = new TestClock(START);
  private final RecordingAudit audit = new RecordingAudit();
  private final PasswordHasher hasher = new PasswordHasher();
  private IdentityService identities;
  private Principal admin;

  @BeforeEach
  void open() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    store = Storage.identity(sensing);
    identities = service();
    identities.bootstrapAdministrator(Optional.of(ADMIN_PASSWORD));
    admin = new Principal("admin", Principal.Kind.ACCOUNT, Set.of(new Role.Administrator()));
    identities.createAccount(admin, "tom", PASSWORD, Set.of(TRANSPORT));
  }

  private IdentityService service() {
    return new IdentityService(store, hasher, audit, clock, IdentitySettings.defaults());
  }

  @AfterEach
  void close() {
    sensing.close();
  }

  @Test
  void the_first_start_creates_the_administrator_once_with_a_random_password_when_none_is_given(
      @TempDir Path otherDir) {
    try (SensingStore fresh = Storage.open(StorageSettings.embedded(otherDir))) {
      IdentityService first =
          new IdentityService(
              Storage.identity(fresh), hasher, audit, clock, IdentitySettings.defaults());

      String password = first.bootstrapAdministrator(Optional.empty()).orElseThrow();

      assertThat(password).hasSize(24);
      assertThat(first.signIn("admin", password, "test").roles())
          .containsExactly(new Role.Administrator());
      assertThat(first.bootstrapAdministrator(Optional.empty())).isEmpty();
      assertThat(audit.of("account.created").getFirst().actor()).isEqualTo("system");
    }
  }

  @Test
  void signing_in_gives_a_session_token_stored_only_as_its_hash_valid_for_eight_hours() {
    SignedIn signedIn = identities.signIn("tom", PASSWORD, "10.0.0.7");

    assertThat(signedIn.token()).startsWith("cvs_").hasSize(4 + 43);
    assertThat(signedIn.expiresAt()).isEqualTo(START.plus(Duration.ofHours(8)));
    assertThat(store.findSession(Secrets.sha256(signedIn.token()))).isPresent();
    assertThat(store.findSession(signedIn.token())).isEmpty();
    assertThat(identities.authenticateSession(signedIn.token(), "Authorization"))
        .isEqualTo(new Principal("tom", Principal.Kind.ACCOUNT, Set.of(TRANSPORT)));
    RecordingAudit.Event event = audit.last();
    assertThat(event.action()).isEqualTo("sign-in");
    assertThat(event.actor()).isEqualTo("tom");
    assertThat(event.details()).containsEntry("client", "10.0.0.7");
  }

  @Test
  void a_session_stops_authenticating_when_it_expires() {
    SignedIn signedIn = identities.signIn("tom", PASSWORD, "test");
    clock.advance(Duration.ofHours(8).minusSeconds(1));
    assertThat(identities.authenticateSession(signedIn.token(), "Authorization").id())
        .isEqualTo("tom");

    clock.advance(Duration.ofSeconds(1));

    assertThatThrownBy(() -> identities.authenticateSession(signedIn.token(), "Authorization"))
        .isInstanceOfSatisfying(
            UnauthorizedException.class, e -> assertThat(e.field()).contains("Authorization"));
  }

  @Test
  void the_session_lifetime_is_configurable() {
    IdentityService shortSessions =
        new IdentityService(
            store,
            hasher,
            audit,
            clock,
            IdentitySettings.defaults().withSessionLifetime(Duration.ofMinutes(30)));

    assertThat(shortSessions.signIn("tom", PASSWORD, "test").expiresAt())
        .isEqualTo(START.plus(Duration.ofMinutes(30)));
  }

  @Test
  void five_wrong_passwords_lock_the_account_for_fifteen_minutes_even_against_the_right_one() {
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> identities.signIn("tom", "wrong password!", "test"))
          .isInstanceOf(UnauthorizedException.class);
    }
    assertThat(audit.of("account.locked")).hasSize(1);

    assertThatThrownBy(() -> identities.signIn("tom", PASSWORD, "test"))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(audit.last().details()).containsEntry("reason", "locked");

    clock.advance(Duration.ofMinutes(15));
    assertThat(identities.signIn("tom", PASSWORD, "test").account()).isEqualTo("tom");
    assertThat(store.findAccount("tom").orElseThrow().failedAttempts()).isZero();
  }

  @Test
  void a_success_resets_the_count_of_failures() {
    for (int i = 0; i < 4; i++) {
      assertThatThrownBy(() -> identities.signIn("tom", "wrong password!", "test"))
          .isInstanceOf(UnauthorizedException.class);
    }
    identities.signIn("tom", PASSWORD, "test");
    assertThatThrownBy(() -> identities.signIn("tom", "wrong password!", "test"))
        .isInstanceOf(UnauthorizedException.class);

    assertThat(identities.signIn("tom", PASSWORD, "test").account()).isEqualTo("tom");
  }

  @Test
  void every_refusal_answers_alike_and_the_audit_log_records_why_without_the_password() {
    String unknown = message(() -> identities.signIn("nobody", "some password", "test"));
    String wrong = message(() -> identities.signIn("tom", "some password", "test"));
    identities.setDisabled(admin, "tom", true);
    String disabled = message(() -> identities.signIn("tom", PASSWORD, "test"));

    assertThat(unknown).isEqualTo(wrong).isEqualTo(disabled);
    List<RecordingAudit.Event> failed = audit.of("sign-in.failed");
    assertThat(failed)
        .extracting(e -> e.details().get("reason"))
        .containsExactly("unknown-account", "wrong-password", "disabled");
    assertThat(failed.getFirst().actor()).isEqualTo("anonymous");
    assertThat(failed.getFirst().target()).isEqualTo("account:nobody");
    assertThat(audit.events())
        .allSatisfy(
            e ->
                assertThat(e.text())
                    .doesNotContain(PASSWORD, "some password", ADMIN_PASSWORD, "$argon2id$"));
  }

  @Test
  void a_sign_in_for_an_unknown_name_takes_as_long_as_one_with_a_wrong_password() {
    // Warm up both paths, then compare medians: without the dummy verification an unknown name
    // answers in about a millisecond and an existing one after a full Argon2id verification.
    message(() -> identities.signIn("nobody", "some password", "test"));
    message(() -> identities.signIn("tom", "some password", "test"));
    List<Long> unknown = new ArrayList<>();
    List<Long> known = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      unknown.add(nanos(() -> message(() -> identities.signIn("nobody", "some password", "t"))));
      known.add(nanos(() -> message(() -> identities.signIn("tom", "some password", "t"))));
    }
    assertThat(median(unknown)).isGreaterThan(median(known) / 3);
  }

  @Test
  void a_password_change_needs_the_current_one_and_ends_the_other_sessions() {
    SignedIn here = identities.signIn("tom", PASSWORD, "test");
    SignedIn elsewhere = identities.signIn("tom", PASSWORD, "test");
    Principal tom = identities.authenticateSession(here.token(), "Authorization");

    assertThatThrownBy(
            () -> identities.changePassword(tom, here.token(), "not my password", "a new password"))
        .isInstanceOfSatisfying(
            ForbiddenException.class, e -> assertThat(e.field()).contains("currentPassword"));
    assertThatThrownBy(() -> identities.changePassword(tom, here.token(), PASSWORD, "short"))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).contains("newPassword"));

    identities.changePassword(tom, here.token(), PASSWORD, "a new password");

    assertThat(identities.authenticateSession(here.token(), "Authorization").id()).isEqualTo("tom");
    assertThatThrownBy(() -> identities.authenticateSession(elsewhere.token(), "Authorization"))
        .isInstanceOf(UnauthorizedException.class);
    assertThatThrownBy(() -> identities.signIn("tom", PASSWORD, "test"))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(identities.signIn("tom", "a new password", "test").account()).isEqualTo("tom");
    assertThat(audit.of("account.password-changed")).hasSize(1);
  }

  @Test
  void signing_out_ends_the_session_at_once_on_this_node() {
    SignedIn signedIn = identities.signIn("tom", PASSWORD, "test");
    Principal tom = identities.authenticateSession(signedIn.token(), "Authorization");

    identities.signOut(signedIn.token(), tom);

    assertThatThrownBy(() -> identities.authenticateSession(signedIn.token(), "Authorization"))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(audit.last().action()).isEqualTo("sign-out");
  }

  @Test
  void a_sign_out_on_another_node_holds_here_within_two_seconds() {
    IdentityService otherNode = service();
    SignedIn signedIn = identities.signIn("tom", PASSWORD, "test");
    identities.authenticateSession(signedIn.token(), "Authorization");

    otherNode.signOut(
        signedIn.token(), new Principal("tom", Principal.Kind.ACCOUNT, Set.of(TRANSPORT)));

    clock.advance(Duration.ofMillis(1_999));
    assertThat(identities.authenticateSession(signedIn.token(), "Authorization").id())
        .as("trusted from the cache for at most 2 s")
        .isEqualTo("tom");
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> identities.authenticateSession(signedIn.token(), "Authorization"))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void an_api_key_is_shown_once_authenticates_and_stops_at_once_when_revoked() {
    IssuedKey issued =
        identities.createApiKey(
            admin, "simulator", Set.of(new Role.Operator(Department.ENVIRONMENT)));

    assertThat(issued.token()).startsWith("cvk_" + issued.id() + "_");
    assertThat(issued.id()).matches("[a-z0-9]{16}");
    String secret = issued.token().substring(("cvk_" + issued.id() + "_").length());
    assertThat(store.findApiKey(issued.id()).orElseThrow().secretHash())
        .isEqualTo(Secrets.sha256(secret));
    assertThat(identities.authenticateApiKey(issued.token(), "Authorization"))
        .isEqualTo(
            new Principal(
                issued.id(),
                Principal.Kind.API_KEY,
                Set.of(new Role.Operator(Department.ENVIRONMENT))));
    assertThatThrownBy(
            () ->
                identities.authenticateApiKey(
                    "cvk_" + issued.id() + "_" + secret.replace(secret.charAt(0), '!'),
                    "Authorization"))
        .isInstanceOf(UnauthorizedException.class);

    identities.revokeApiKey(admin, issued.id());

    assertThatThrownBy(() -> identities.authenticateApiKey(issued.token(), "Authorization"))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(audit.of("api-key.created")).hasSize(1);
    assertThat(audit.of("api-key.revoked")).hasSize(1);
    assertThat(audit.events()).allSatisfy(e -> assertThat(e.text()).doesNotContain(secret));
  }

  @Test
  void a_key_revoked_on_another_node_stops_here_within_two_seconds() {
    IssuedKey issued = identities.issueApiKey("simulator", Set.of(TRANSPORT), "system");
    identities.authenticateApiKey(issued.token(), "Authorization");

    service().revokeApiKey(admin, issued.id());
    clock.advance(Duration.ofSeconds(2));

    assertThatThrownBy(() -> identities.authenticateApiKey(issued.token(), "Authorization"))
        .isInstanceOf(UnauthorizedException.class);
  }

  @Test
  void malformed_api_keys_are_refused() {
    for (String token : List.of("cvk_", "cvk_short_secret", "cvk_abcdefghijklmnop", "cvk__x")) {
      assertThatThrownBy(() -> identities.authenticateApiKey(token, "Authorization"))
          .as(token)
          .isInstanceOf(UnauthorizedException.class);
    }
  }

  @Test
  void roles_changed_here_apply_to_live_sessions_at_once() {
    SignedIn signedIn = identities.signIn("tom", PASSWORD, "test");
    identities.authenticateSession(signedIn.token(), "Authorization");

    identities.setRoles(admin, "tom", Set.of(new Role.DataProtectionOfficer()));

    assertThat(identities.authenticateSession(signedIn.token(), "Authorization").roles())
        .containsExactly(new Role.DataProtectionOfficer());
    RecordingAudit.Event changed = audit.last();
    assertThat(changed.action()).isEqualTo("account.roles-changed");
    assertThat(changed.details()).containsEntry("from", "operator:transport");
    assertThat(changed.details()).containsEntry("to", "dpo");
  }

  @Test
  void disabling_an_account_ends_its_sessions() {
    SignedIn signedIn = identities.signIn("tom", PASSWORD, "test");

    identities.setDisabled(admin, "tom", true);

    assertThatThrownBy(() -> identities.authenticateSession(signedIn.token(), "Authorization"))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(audit.last().action()).isEqualTo("account.disabled");
  }

  @Test
  void only_administrators_manage_accounts_and_keys() {
    Principal tom = new Principal("tom", Principal.Kind.ACCOUNT, Set.of(TRANSPORT));

    assertThatThrownBy(() -> identities.createAccount(tom, "mallory", PASSWORD, Set.of()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> identities.setRoles(tom, "tom", Set.of(new Role.Administrator())))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> identities.createApiKey(tom, "mine", Set.of()))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> identities.accounts(Principal.ANONYMOUS))
        .isInstanceOf(UnauthorizedException.class);
    assertThat(store.findAccount("tom").orElseThrow().roles()).containsExactly(TRANSPORT);
  }

  @Test
  void the_last_enabled_administrator_cannot_be_removed_disabled_or_demoted() {
    assertThatThrownBy(() -> identities.deleteAccount(admin, "admin"))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> identities.setDisabled(admin, "admin", true))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> identities.setRoles(admin, "admin", Set.of(TRANSPORT)))
        .isInstanceOf(ConflictException.class);

    identities.setRoles(admin, "tom", Set.of(new Role.Administrator()));
    identities.setRoles(admin, "admin", Set.of(TRANSPORT));

    assertThat(store.findAccount("admin").orElseThrow().roles()).containsExactly(TRANSPORT);
  }

  @Test
  void account_names_and_passwords_are_checked() {
    assertThatThrownBy(() -> identities.createAccount(admin, "Tom Smith", PASSWORD, Set.of()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).contains("name"));
    assertThatThrownBy(() -> identities.createAccount(admin, "x".repeat(65), PASSWORD, Set.of()))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> identities.createAccount(admin, "ann", "too short", Set.of()))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).contains("password"));
    assertThatThrownBy(() -> identities.createAccount(admin, "tom", PASSWORD, Set.of()))
        .isInstanceOf(ConflictException.class);
  }

  private static String message(Runnable refused) {
    try {
      refused.run();
    } catch (UnauthorizedException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a refusal");
  }

  private static long nanos(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }

  private static long median(List<Long> values) {
    return values.stream().sorted().toList().get(values.size() / 2);
  }
}
