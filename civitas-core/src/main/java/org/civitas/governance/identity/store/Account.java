package org.civitas.governance.identity.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.civitas.governance.identity.Role;

/**
 * A local operator account, as stored.
 *
 * @param name unique, 1–64 characters of {@code [a-z0-9._-]}; the principal's id
 * @param passwordHash the password's encoded Argon2id hash ({@code $argon2id$...}), never the
 *     password
 * @param roles what the account may do; may be empty (then it reads nothing private)
 * @param disabled a disabled account cannot sign in and its sessions no longer authenticate
 * @param created when the account was made
 * @param failedAttempts failed sign-ins since the last success or lockout
 * @param lockedUntil until when sign-in is refused after too many failures, if it is
 */
public record Account(
    String name,
    String passwordHash,
    Set<Role> roles,
    boolean disabled,
    Instant created,
    int failedAttempts,
    Optional<Instant> lockedUntil) {

  /** What an account name may be: lower-case letters, digits, dot, underscore, hyphen. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");

  public Account {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "an account name is 1 to 64 characters of a-z, 0-9, '.', '_' and '-', was '"
              + name
              + "'");
    }
    Objects.requireNonNull(passwordHash, "passwordHash");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(created, "created");
    if (failedAttempts < 0) {
      throw new IllegalArgumentException(
          "failedAttempts must not be negative, was " + failedAttempts);
    }
    Objects.requireNonNull(lockedUntil, "lockedUntil");
  }

  /** A new, enabled account with no failed sign-ins. */
  public static Account create(String name, String passwordHash, Set<Role> roles, Instant now) {
    return new Account(name, passwordHash, roles, false, now, 0, Optional.empty());
  }

  /** Whether sign-in is refused at {@code now} because of earlier failures. */
  public boolean lockedAt(Instant now) {
    return lockedUntil.isPresent() && now.isBefore(lockedUntil.get());
  }
}
