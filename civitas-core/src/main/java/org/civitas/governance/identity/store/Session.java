package org.civitas.governance.identity.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A sign-in of an account, as stored: only the SHA-256 of its bearer token, so that a copy of the
 * database does not let anyone sign in.
 *
 * @param tokenHash lower-case hex SHA-256 of the token; the session's key
 * @param account the name of the account signed in
 * @param created when it was signed in
 * @param expires when it stops authenticating, whatever else happens
 * @param revoked signed out, or ended by a password change or the account's disabling
 */
public record Session(
    String tokenHash, String account, Instant created, Instant expires, boolean revoked) {

  public Session {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expires, "expires");
    if (!expires.isAfter(created)) {
      throw new IllegalArgumentException(
          "a session expires after it is created (" + created + "), was " + expires);
    }
  }

  /** Whether the session authenticates at {@code now}. */
  public boolean validAt(Instant now) {
    return !revoked && now.isBefore(expires);
  }
}
