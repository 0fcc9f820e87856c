package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Role;
import org.civitas.governance.identity.store.Account;
import org.civitas.governance.identity.store.ApiKey;
import org.civitas.governance.identity.store.IdentityStore;
import org.civitas.governance.identity.store.Session;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Accounts, sessions and API keys ({@link IdentityStore}, migration V11), run once per engine by a
 * subclass. Each test uses names of its own, so the tests share one database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class IdentityStoreContract {
  private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
  private static final String HASH = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA";
  private static final Role WASTE_HARBOUR =
      new Role.Operator(Department.WASTE, Optional.of("Old Town, Harbour"));

  protected SensingStore sensing;
  protected IdentityStore identity;
  private int serial;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    identity = Storage.identity(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  @BeforeEach
  void nextSerial() {
    serial++;
  }

  private String name(String base) {
    return base + "-" + serial;
  }

  private static String hex(char c) {
    return String.valueOf(c).repeat(64);
  }

  @Test
  void an_account_is_read_back_with_its_hash_roles_and_state() {
    String name = name("alice");
    Account alice =
        Account.create(
            name,
            HASH,
            Set.of(new Role.Administrator(), WASTE_HARBOUR, new Role.Operator(Department.HEALTH)),
            NOW);
    identity.createAccount(alice);

    assertThat(identity.findAccount(name)).contains(alice);
    assertThat(identity.hasAccounts()).isTrue();
    assertThat(identity.listAccounts()).contains(alice);
    assertThat(identity.findAccount(name("nobody"))).isEmpty();
  }

  @Test
  void a_taken_name_is_a_conflict_naming_the_name() {
    String name = name("bob");
    identity.createAccount(Account.create(name, HASH, Set.of(), NOW));

    assertThatThrownBy(() -> identity.createAccount(Account.create(name, "other", Set.of(), NOW)))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.field()).contains("name"));
    assertThat(identity.findAccount(name).orElseThrow().passwordHash()).isEqualTo(HASH);
  }

  @Test
  void accounts_are_listed_by_name() {
    identity.createAccount(Account.create(name("zz"), HASH, Set.of(), NOW));
    identity.createAccount(Account.create(name("aa"), HASH, Set.of(), NOW));

    List<String> names = identity.listAccounts().stream().map(Account::name).toList();
    assertThat(names).isSorted().contains(name("zz"), name("aa"));
  }

  @Test
  void roles_and_the_disabled_flag_are_replaced() {
    String name = name("carol");
    identity.createAccount(
        Account.create(name, HASH, Set.of(new Role.DataProtectionOfficer()), NOW));

    assertThat(identity.setRoles(name, Set.of(WASTE_HARBOUR))).isTrue();
    assertThat(identity.setDisabled(name, true)).isTrue();

    Account carol = identity.findAccount(name).orElseThrow();
    assertThat(carol.roles()).containsExactly(WASTE_HARBOUR);
    assertThat(carol.disabled()).isTrue();
    assertThat(identity.setRoles(name("nobody"), Set.of())).isFalse();
    assertThat(identity.setDisabled(name("nobody"), true)).isFalse();
  }

  @Test
  void failed_sign_ins_lock_the_account_at_the_threshold_and_a_success_clears_them() {
    String name = name("dave");
    identity.createAccount(Account.create(name, HASH, Set.of(), NOW));
    Instant until = NOW.plus(Duration.ofMinutes(15));

    assertThat(identity.recordFailedSignIn(name, 3, until).orElseThrow().failedAttempts())
        .isEqualTo(1);
    assertThat(identity.recordFailedSignIn(name, 3, until).orElseThrow().lockedUntil()).isEmpty();
    Account locked = identity.recordFailedSignIn(name, 3, until).orElseThrow();

    assertThat(locked.lockedUntil()).contains(until);
    assertThat(locked.failedAttempts()).isZero();
    assertThat(locked.lockedAt(NOW)).isTrue();
    assertThat(locked.lockedAt(until)).isFalse();

    identity.clearFailedSignIns(name);
    Account cleared = identity.findAccount(name).orElseThrow();
    assertThat(cleared.lockedUntil()).isEmpty();
    assertThat(cleared.failedAttempts()).isZero();
    assertThat(identity.recordFailedSignIn(name("nobody"), 3, until)).isEmpty();
  }

  @Test
  void concurrent_failed_sign_ins_are_each_counted() throws Exception {
    String name = name("eve");
    identity.createAccount(Account.create(name, HASH, Set.of(), NOW));
    Instant until = NOW.plus(Duration.ofHours(1));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> guesses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        guesses.add(pool.submit(() -> identity.recordFailedSignIn(name, 100, until)));
      }
      for (Future<?> guess : guesses) {
        guess.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(identity.findAccount(name).orElseThrow().failedAttempts()).isEqualTo(8);
  }

  @Test
  void a_session_is_found_by_its_token_hash_and_revoked() {
    String name = name("frank");
    identity.createAccount(Account.create(name, HASH, Set.of(), NOW));
    Session session = session('a', name, NOW.plus(Duration.ofHours(8)));
    identity.createSession(session);

    assertThat(identity.findSession(session.tokenHash())).contains(session);
    assertThat(identity.revokeSession(session.tokenHash())).isTrue();
    assertThat(identity.findSession(session.tokenHash()).orElseThrow().revoked()).isTrue();
    assertThat(identity.revokeSession(hex('0'))).isFalse();
  }

  private String serialHex() {
    return String.format("%04x", serial);
  }

  private Session session(char prefix, String account, Instant expires) {
    return new Session(
        String.valueOf(prefix).repeat(60) + serialHex(), account, NOW, expires, false);
  }

  @Test
  void a_session_of_an_unknown_account_is_refused() {
    assertThatThrownBy(
            () ->
                identity.createSession(session('b', name("nobody"), NOW.plus(Duration.ofHours(1)))))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void a_password_change_revokes_the_other_sessions_and_keeps_the_current_one() {
    String name = name("grace");
    identity.createAccount(Account.create(name, HASH, Set.of(), NOW));
    Session current = session('c', name, NOW.plus(Duration.ofHours(8)));
    Session other = session('d', name, NOW.plus(Duration.ofHours(8)));
    identity.createSession(current);
    identity.createSession(other);

    assertThat(identity.changePassword(name, "$argon2id$new", current.tokenHash())).isTrue();

    assertThat(identity.findAccount(name).orElseThrow().passwordHash()).isEqualTo("$argon2id$new");
    assertThat(identity.findSession(current.tokenHash()).orElseThrow().revoked()).isFalse();
    assertThat(identity.findSession(other.tokenHash()).orElseThrow().revoked()).isTrue();
    assertThat(identity.changePassword(name("nobody"), "x", null)).isFalse();
  }

  @Test
  void disabling_an_account_revokes_its_sessions_and_deleting_removes_them() {
    String name = name("heidi");
    identity.createAccount(Account.create(name, HASH, Set.of(), NOW));
    Session session = session('e', name, NOW.plus(Duration.ofHours(8)));
    identity.createSession(session);

    identity.setDisabled(name, true);
    assertThat(identity.findSession(session.tokenHash()).orElseThrow().revoked()).isTrue();

    assertThat(identity.deleteAccount(name)).isTrue();
    assertThat(identity.findAccount(name)).isEmpty();
    assertThat(identity.findSession(session.tokenHash())).isEmpty();
    assertThat(identity.deleteAccount(name)).isFalse();
  }

  @Test
  void expired_sessions_are_deleted_and_live_ones_kept() {
    String name = name("ivan");
    identity.createAccount(Account.create(name, HASH, Set.of(), NOW));
    Session expired = session('1', name, NOW.plus(Duration.ofMinutes(1)));
    Session live = session('2', name, NOW.plus(Duration.ofHours(8)));
    identity.createSession(expired);
    identity.createSession(live);

    assertThat(identity.deleteExpiredSessions(NOW.plus(Duration.ofMinutes(2))))
        .isGreaterThanOrEqualTo(1);

    assertThat(identity.findSession(expired.tokenHash())).isEmpty();
    assertThat(identity.findSession(live.tokenHash())).contains(live);
  }

  @Test
  void an_api_key_is_read_back_listed_oldest_first_and_revoked_but_kept() {
    ApiKey first =
        new ApiKey(
            String.format("first%011d", serial),
            "simulator",
            hex('f'),
            Set.of(new Role.Operator(Department.ENVIRONMENT)),
            NOW.minus(1, ChronoUnit.DAYS),
            false);
    ApiKey second =
        new ApiKey(String.format("secnd%011d", serial), "data hub", hex('9'), Set.of(), NOW, false);
    identity.createApiKey(second);
    identity.createApiKey(first);

    assertThat(identity.findApiKey(first.id())).contains(first);
    List<ApiKey> keys = identity.listApiKeys();
    assertThat(keys.indexOf(first)).isLessThan(keys.indexOf(second));

    assertThat(identity.revokeApiKey(first.id())).isTrue();
    assertThat(identity.findApiKey(first.id()).orElseThrow().revoked()).isTrue();
    assertThat(identity.revokeApiKey("nokey00000000000")).isFalse();
    assertThatThrownBy(() -> identity.createApiKey(first)).isInstanceOf(ConflictException.class);
  }
}
