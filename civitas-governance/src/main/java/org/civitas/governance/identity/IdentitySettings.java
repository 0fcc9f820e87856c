package org.civitas.governance.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How sign-in behaves; validated as a whole when constructed (every problem at once).
 *
 * @param sessionLifetime how long a session authenticates after sign-in (default 8 h: one shift)
 * @param maxFailedAttempts failed sign-ins in a row after which the account is locked (default 5)
 * @param lockout how long a locked account refuses sign-in, even with the right password (default
 *     15 min)
 * @param lookupCache how long a node trusts a session or API key it looked up, before asking the
 *     database again (default 2 s, at most 2 s): the time a revocation on another node can take to
 *     hold here; on this node it holds at once
 */
public record IdentitySettings(
    Duration sessionLifetime, int maxFailedAttempts, Duration lockout, Duration lookupCache) {

  public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(8);
  public static final int DEFAULT_MAX_FAILED_ATTEMPTS = 5;
  public static final Duration DEFAULT_LOCKOUT = Duration.ofMinutes(15);
  public static final Duration DEFAULT_LOOKUP_CACHE = Duration.ofSeconds(2);

  public IdentitySettings {
    List<String> problems = new ArrayList<>();
    if (sessionLifetime == null || sessionLifetime.compareTo(Duration.ofMinutes(1)) < 0) {
      problems.add("sessionLifetime must be at least 1 minute, was " + sessionLifetime);
    }
    if (maxFailedAttempts < 1) {
      problems.add("maxFailedAttempts must be at least 1, was " + maxFailedAttempts);
    }
    if (lockout == null || lockout.isNegative() || lockout.isZero()) {
      problems.add("lockout must be positive, was " + lockout);
    }
    if (lookupCache == null
        || lookupCache.isNegative()
        || lookupCache.compareTo(DEFAULT_LOOKUP_CACHE) > 0) {
      problems.add("lookupCache must be between 0 and 2 s, was " + lookupCache);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid identity settings: " + String.join("; ", problems));
    }
  }

  /** 8-hour sessions, lock for 15 minutes after 5 failures, lookups trusted for 2 s. */
  public static IdentitySettings defaults() {
    return new IdentitySettings(
        DEFAULT_SESSION_LIFETIME,
        DEFAULT_MAX_FAILED_ATTEMPTS,
        DEFAULT_LOCKOUT,
        DEFAULT_LOOKUP_CACHE);
  }

  /** The same with another session lifetime. */
  public IdentitySettings withSessionLifetime(Duration lifetime) {
    return new IdentitySettings(lifetime, maxFailedAttempts, lockout, lookupCache);
  }
}
