package org.civitas.governance.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.civitas.error.ConflictException;
import org.civitas.error.ForbiddenException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnauthorizedException;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.identity.store.Account;
import org.civitas.governance.identity.store.ApiKey;
import org.civitas.governance.identity.store.IdentityStore;
import org.civitas.governance.identity.store.Session;

/**
 * Local accounts, their sessions and the API keys of systems: sign-in with lockout, sign-out,
 * password changes, and the administrator's management of accounts and keys. Every change and every
 * sign-in, failed or not, is recorded to the {@link Audit} before the call returns; never a
 * password, token or secret.
 *
 * <p>Credentials: a session token is {@code cvs_} and 256 random bits, an API key {@code
 * cvk_<id>_<secret>} with a 256-bit secret; both are stored only as SHA-256. A node trusts what it
 * looked up for at most {@link IdentitySettings#lookupCache()} (2 s), so a sign-out or revocation
 * on another node holds here within that; on this node every change empties the cache at once.
 *
 * <p>Thread-safe.
 */
public final class IdentityService {
  /** The prefix of session tokens. */
  public static final String SESSION_PREFIX = "cvs_";

  /** The prefix of API keys. */
  public static final String KEY_PREFIX = "cvk_";

  /** The name of the account {@link #bootstrapAdministrator} creates. */
  public static final String FIRST_ADMINISTRATOR = "admin";

  /** The actor the audit log names for what Civitas does itself (the first start, the demo). */
  public static final String SYSTEM = "system";

  static final int MIN_PASSWORD = 12;
  static final int MAX_PASSWORD = 256;

  /** Beyond this many cached lookups the cache starts again empty: a bound, not a policy. */
  private static final int CACHE_LIMIT = 10_000;

  private static final String GENERIC_FAILURE =
      "the name or password is wrong, or the account is locked or disabled";

  private final IdentityStore store;
  private final PasswordHasher hasher;
  private final Audit audit;
  private final Clock clock;
  private final IdentitySettings settings;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  /** A looked-up credential, trusted until {@code freshUntil} and never past {@code validUntil}. */
  private record Cached(Principal principal, Instant validUntil, Instant freshUntil) {}

  public IdentityService(
      IdentityStore store,
      PasswordHasher hasher,
      Audit audit,
      Clock clock,
      IdentitySettings settings) {
    this.store = Objects.requireNonNull(store, "store");
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public IdentitySettings settings() {
    return settings;
  }

  // ---- first start and in-process keys ----------------------------------------------------

  /**
   * When no account exists yet, creates {@value #FIRST_ADMINISTRATOR} with the administrator role
   * and {@code password} (or a random one of 144 bits when empty) and returns the password, for the
   * app to write to a file only the operator can read. When any account exists, does nothing.
   *
   * @throws InvalidInputException naming {@code password} if a given password is too weak
   */
  public Optional<String> bootstrapAdministrator(Optional<String> password) {
    if (store.hasAccounts()) {
      return Optional.empty();
    }
    String chosen = password.orElseGet(Secrets::randomPassword);
    checkPassword(chosen, "password");
    store.createAccount(
        Account.create(
            FIRST_ADMINISTRATOR,
            hasher.hash(chosen),
            Set.of(new Role.Administrator()),
            clock.instant()));
    audit.record(
        SYSTEM,
        "account.created",
        "account:" + FIRST_ADMINISTRATOR,
        Map.of("roles", wire(Set.of(new Role.Administrator())), "reason", "first start"));
    return Optional.of(chosen);
  }

  /**
   * Issues an API key without an administrator asking: for Civitas's own components (the demo's
   * simulator). {@code actor} is what the audit log names.
   */
  public IssuedKey issueApiKey(String name, Set<Role> roles, String actor) {
    checkKeyName(name);
    String id = Secrets.randomKeyId();
    String secret = Secrets.randomToken();
    Instant now = clock.instant();
    store.createApiKey(new ApiKey(id, name, Secrets.sha256(secret), roles, now, false));
    audit.record(
        actor, "api-key.created", "api-key:" + id, Map.of("name", name, "roles", wire(roles)));
    return new IssuedKey(id, name, roles, now, KEY_PREFIX + id + "_" + secret);
  }

  // ---- sign-in and sessions ---------------------------------------------------------------

  /**
   * Signs in: a new session for the account when the password is right and the account is neither
   * disabled nor locked. Every refusal answers the same ({@link UnauthorizedException} on {@code
   * name}) and takes the time of one Argon2id verification, so the answer does not tell whether the
   * name exists; the audit log records the real reason.
   *
   * @param client where the request came from, for the audit log
   */
  public SignedIn signIn(String name, String password, String client) {
    Instant now = clock.instant();
    if (name == null || !Account.NAME.matcher(name).matches()) {
      hasher.verifyNothing(password == null ? "" : password);
      throw refuse("anonymous", "(not an account name)", "unknown-account", client, Map.of());
    }
    Optional<Account> found = store.findAccount(name);
    if (found.isEmpty()) {
      hasher.verifyNothing(password);
      throw refuse("anonymous", name, "unknown-account", client, Map.of());
    }
    Account account = found.get();
    boolean right = hasher.verify(password, account.passwordHash());
    if (account.disabled()) {
      throw refuse(name, name, "disabled", client, Map.of());
    }
    if (account.lockedAt(now)) {
      throw refuse(name, name, "locked", client, Map.of());
    }
    if (!right) {
      Optional<Account> counted =
          store.recordFailedSignIn(
              name, settings.maxFailedAttempts(), now.plus(settings.lockout()));
      boolean lockedNow = counted.map(a -> a.lockedAt(now)).orElse(false);
      if (lockedNow) {
        audit.record(
            SYSTEM,
            "account.locked",
            "account:" + name,
            Map.of(
                "until", counted.get().lockedUntil().orElseThrow().toString(),
                "failedAttempts", Integer.toString(settings.maxFailedAttempts())));
      }
      throw refuse(name, name, "wrong-password", client, Map.of());
    }
    store.clearFailedSignIns(name);
    String token = SESSION_PREFIX + Secrets.randomToken();
    Instant expires = now.plus(settings.sessionLifetime());
    store.createSession(new Session(Secrets.sha256(token), name, now, expires, false));
    audit.record(
        name,
        "sign-in",
        "account:" + name,
        Map.of("client", String.valueOf(client), "expires", expires.toString()));
    return new SignedIn(token, expires, name, account.roles());
  }

  /** Records the refused sign-in and returns the one answer every refusal gets. */
  private UnauthorizedException refuse(
      String actor, String name, String reason, String client, Map<String, String> more) {
    Map<String, String> details = new LinkedHashMap<>(more);
    details.put("reason", reason);
    details.put("client", String.valueOf(client));
    audit.record(actor, "sign-in.failed", "account:" + name, details);
    return new UnauthorizedException(GENERIC_FAILURE, "name");
  }

  /** Ends the session of {@code token} (signing out); an unknown or ended one is left as it is. */
  public void signOut(String token, Principal actor) {
    store.revokeSession(Secrets.sha256(token));
    cache.clear();
    audit.record(actor.id(), "sign-out", "account:" + actor.id(), Map.of());
  }

  /**
   * Changes the password of the signed-in account and ends its other sessions.
   *
   * @param sessionToken the session the change is made from (kept), or null to end them all
   * @throws ForbiddenException naming {@code currentPassword} when it is wrong (counted as a failed
   *     sign-in), or when the principal is not an account
   * @throws InvalidInputException naming {@code newPassword} when it is too weak
   */
  public void changePassword(
      Principal actor, String sessionToken, String currentPassword, String newPassword) {
    if (actor.kind() != Principal.Kind.ACCOUNT) {
      throw new ForbiddenException(
          "only an account signed in with its password can change a password; this is "
              + actor.kind().name().toLowerCase(Locale.ROOT),
          "Authorization");
    }
    String name = actor.id();
    Account account =
        store
            .findAccount(name)
            .orElseThrow(() -> new UnauthorizedException("the account is gone", "Authorization"));
    if (!hasher.verify(currentPassword, account.passwordHash())) {
      Instant now = clock.instant();
      store.recordFailedSignIn(name, settings.maxFailedAttempts(), now.plus(settings.lockout()));
      audit.record(name, "account.password-change.failed", "account:" + name, Map.of());
      throw new ForbiddenException("the current password is wrong", "currentPassword");
    }
    checkPassword(newPassword, "newPassword");
    if (newPassword.equals(currentPassword)) {
      throw new InvalidInputException(
          "the new password must differ from the current one", "newPassword");
    }
    store.changePassword(
        name, hasher.hash(newPassword), sessionToken == null ? null : Secrets.sha256(sessionToken));
    cache.clear();
    audit.record(name, "account.password-changed", "account:" + name, Map.of());
  }

  /**
   * The principal of a session token, or empty when the token is not a session's at all.
   *
   * @throws UnauthorizedException naming {@code field} when it names no valid session: unknown,
   *     expired, revoked, or of a disabled or deleted account
   */
  public Principal authenticateSession(String token, String field) {
    Instant now = clock.instant();
    String hash = Secrets.sha256(token);
    Cached cached = fresh(hash, now);
    if (cached != null) {
      return cached.principal();
    }
    Session session =
        store
            .findSession(hash)
            .filter(s -> s.validAt(now))
            .orElseThrow(
                () ->
                    new UnauthorizedException(
                        "the session is unknown, expired or ended; sign in again", field));
    Account account =
        store
            .findAccount(session.account())
            .filter(a -> !a.disabled())
            .orElseThrow(
                () ->
                    new UnauthorizedException("the session's account is disabled or gone", field));
    Principal principal = new Principal(account.name(), Principal.Kind.ACCOUNT, account.roles());
    remember(hash, principal, session.expires(), now);
    return principal;
  }

  /**
   * The principal of an API key {@code cvk_<id>_<secret>}.
   *
   * @throws UnauthorizedException naming {@code field} when it is malformed, unknown, revoked or
   *     its secret is wrong
   */
  public Principal authenticateApiKey(String token, String field) {
    Instant now = clock.instant();
    String hash = Secrets.sha256(token);
    Cached cached = fresh(hash, now);
    if (cached != null) {
      return cached.principal();
    }
    String rest = token.startsWith(KEY_PREFIX) ? token.substring(KEY_PREFIX.length()) : "";
    int split = rest.indexOf('_');
    String id = split < 0 ? "" : rest.substring(0, split);
    String secret = split < 0 ? "" : rest.substring(split + 1);
    UnauthorizedException refused =
        new UnauthorizedException("the API key is malformed, unknown or revoked", field);
    if (!ApiKey.ID.matcher(id).matches() || secret.isEmpty()) {
      throw refused;
    }
    ApiKey key = store.findApiKey(id).filter(k -> !k.revoked()).orElseThrow(() -> refused);
    if (!Secrets.sameHash(Secrets.sha256(secret), key.secretHash())) {
      throw refused;
    }
    Principal principal = new Principal(key.id(), Principal.Kind.API_KEY, key.roles());
    remember(hash, principal, Instant.MAX, now);
    return principal;
  }

  private Cached fresh(String hash, Instant now) {
    Cached cached = cache.get(hash);
    if (cached == null) {
      return null;
    }
    if (!now.isBefore(cached.freshUntil()) || !now.isBefore(cached.validUntil())) {
      cache.remove(hash, cached);
      return null;
    }
    return cached;
  }

  private void remember(String hash, Principal principal, Instant validUntil, Instant now) {
    Duration ttl = settings.lookupCache();
    if (ttl.isZero()) {
      return;
    }
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(hash, new Cached(principal, validUntil, now.plus(ttl)));
  }

  /** Deletes sessions that expired, which can never authenticate again; returns how many. */
  public int deleteExpiredSessions() {
    return store.deleteExpiredSessions(clock.instant());
  }

  // ---- administration ---------------------------------------------------------------------

  /** Every account, by name (administrators only). */
  public List<Account> accounts(Principal actor) {
    requireAdministrator(actor);
    return store.listAccounts();
  }

  /** One account (administrators only). */
  public Account account(Principal actor, String name) {
    requireAdministrator(actor);
    return existing(name);
  }

  /**
   * Creates an account (administrators only).
   *
   * @throws InvalidInputException naming {@code name} or {@code password}
   * @throws ConflictException naming {@code name} when it is taken
   */
  public Account createAccount(Principal actor, String name, String password, Set<Role> roles) {
    requireAdministrator(actor);
    if (name == null || !Account.NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "an account name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-', was "
              + (name == null ? "nothing" : "'" + name + "'"),
          "name");
    }
    checkPassword(password, "password");
    Account account = Account.create(name, hasher.hash(password), roles, clock.instant());
    store.createAccount(account);
    audit.record(actor.id(), "account.created", "account:" + name, Map.of("roles", wire(roles)));
    return account;
  }

  /**
   * Replaces an account's roles (administrators only); the last enabled administrator keeps the
   * administrator role.
   */
  public Account setRoles(Principal actor, String name, Set<Role> roles) {
    requireAdministrator(actor);
    Account before = existing(name);
    if (isActiveAdministrator(before)
        && roles.stream().noneMatch(Role.Administrator.class::isInstance)) {
      requireAnotherAdministrator(name, "roles");
    }
    store.setRoles(name, roles);
    cache.clear();
    audit.record(
        actor.id(),
        "account.roles-changed",
        "account:" + name,
        Map.of("from", wire(before.roles()), "to", wire(roles)));
    return existing(name);
  }

  /**
   * Disables (ending its sessions) or enables an account (administrators only); the last enabled
   * administrator cannot be disabled.
   */
  public Account setDisabled(Principal actor, String name, boolean disabled) {
    requireAdministrator(actor);
    Account before = existing(name);
    if (disabled && isActiveAdministrator(before)) {
      requireAnotherAdministrator(name, "disabled");
    }
    store.setDisabled(name, disabled);
    cache.clear();
    audit.record(
        actor.id(), disabled ? "account.disabled" : "account.enabled", "account:" + name, Map.of());
    return existing(name);
  }

  /**
   * Sets a new password for an account, ending all its sessions (administrators only, for an
   * operator who forgot theirs).
   */
  public void resetPassword(Principal actor, String name, String password) {
    requireAdministrator(actor);
    existing(name);
    checkPassword(password, "password");
    store.changePassword(name, hasher.hash(password), null);
    store.clearFailedSignIns(name);
    cache.clear();
    audit.record(actor.id(), "account.password-reset", "account:" + name, Map.of());
  }

  /** Deletes an account and its sessions (administrators only); never the last administrator. */
  public void deleteAccount(Principal actor, String name) {
    requireAdministrator(actor);
    Account before = existing(name);
    if (isActiveAdministrator(before)) {
      requireAnotherAdministrator(name, "name");
    }
    store.deleteAccount(name);
    cache.clear();
    audit.record(actor.id(), "account.deleted", "account:" + name, Map.of());
  }

  /** Every API key, revoked ones included (administrators only). */
  public List<ApiKey> apiKeys(Principal actor) {
    requireAdministrator(actor);
    return store.listApiKeys();
  }

  /** Issues an API key (administrators only); its secret is in the answer and nowhere else. */
  public IssuedKey createApiKey(Principal actor, String name, Set<Role> roles) {
    requireAdministrator(actor);
    return issueApiKey(name, roles, actor.id());
  }

  /** Revokes an API key (administrators only); it stops authenticating here at once. */
  public void revokeApiKey(Principal actor, String id) {
    requireAdministrator(actor);
    if (!store.revokeApiKey(id)) {
      throw new NotFoundException("there is no API key " + id);
    }
    cache.clear();
    audit.record(actor.id(), "api-key.revoked", "api-key:" + id, Map.of());
  }

  // ---- checks ----------------------------------------------------------------------------

  private static void requireAdministrator(Principal actor) {
    if (actor.isAnonymous()) {
      throw new UnauthorizedException("sign in as an administrator", "Authorization");
    }
    if (!actor.isAdministrator()) {
      throw new ForbiddenException(
          "only administrators manage accounts and API keys", "Authorization");
    }
  }

  private Account existing(String name) {
    return store
        .findAccount(name)
        .orElseThrow(() -> new NotFoundException("there is no account " + name));
  }

  private static boolean isActiveAdministrator(Account account) {
    return !account.disabled()
        && account.roles().stream().anyMatch(Role.Administrator.class::isInstance);
  }

  private void requireAnotherAdministrator(String name, String field) {
    boolean another =
        store.listAccounts().stream()
            .anyMatch(a -> !a.name().equals(name) && isActiveAdministrator(a));
    if (!another) {
      throw new ConflictException(
          name + " is the last enabled administrator; make another one first", field);
    }
  }

  static void checkPassword(String password, String field) {
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new InvalidInputException(
          "a password has at least " + MIN_PASSWORD + " characters", field);
    }
    if (password.length() > MAX_PASSWORD) {
      throw new InvalidInputException(
          "a password has at most " + MAX_PASSWORD + " characters", field);
    }
  }

  private static void checkKeyName(String name) {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw new InvalidInputException(
          "an API key's name says what it is for, 1 to 100 characters", "name");
    }
  }

  private static String wire(Set<Role> roles) {
    return roles.stream().map(Role::wireName).sorted().collect(Collectors.joining(","));
  }
}
