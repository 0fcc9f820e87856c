package org.civitas.governance.identity;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A successful sign-in: the session token, shown to the client once and stored only as its hash.
 *
 * @param token {@code cvs_} and 256 random bits; a bearer credential until {@code expiresAt}
 * @param expiresAt when the session stops authenticating
 * @param account the account's name
 * @param roles what the session may do (the account's roles, read on every use)
 */
public record SignedIn(String token, Instant expiresAt, String account, Set<Role> roles) {
  public SignedIn {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(account, "account");
    roles = Set.copyOf(roles);
  }

  @Override
  public String toString() {
    // Never the token: records get logged.
    return "SignedIn[account=" + account + ", expiresAt=" + expiresAt + ", roles=" + roles + "]";
  }
}
