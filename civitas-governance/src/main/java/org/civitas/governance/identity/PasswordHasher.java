package org.civitas.governance.identity;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Hashes and verifies passwords with Argon2id (RFC 9106), through Spring Security's encoder over
 * Bouncy Castle. The encoded form carries its parameters and salt: {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so stronger parameters later still verify old
 * hashes.
 *
 * <p>Parameters: memory 19 MiB (19,456 KiB), 2 iterations, parallelism 1, a 16-byte random salt and
 * a 32-byte hash. That is the first of OWASP's recommended Argon2id configurations (Password
 * Storage Cheat Sheet), the least memory the cheat sheet accepts. Why not more: a Civitas node runs
 * on small machines next to ingest, and every sign-in costs one hash (about 50 ms of one core, 19
 * MiB for that time); more memory would let a burst of sign-in attempts starve the node, while 19
 * MiB per guess already makes offline guessing on GPUs expensive. Parallelism 1 because a sign-in
 * should not take several cores from ingest.
 *
 * <p>Thread-safe.
 */
public final class PasswordHasher {
  /** Memory cost in KiB (19 MiB). */
  static final int MEMORY_KIB = 19 * 1024;

  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int SALT_BYTES = 16;
  static final int HASH_BYTES = 32;

  private final Argon2PasswordEncoder encoder =
      new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM, MEMORY_KIB, ITERATIONS);

  /**
   * A hash of a password nobody knows, verified against when an account does not exist, so that a
   * sign-in for an unknown name costs as long as one for a known name with a wrong password and the
   * answer's timing does not tell which names exist.
   */
  private final String dummy = encoder.encode("no account has this password " + System.nanoTime());

  /** The encoded Argon2id hash of {@code password}, with a fresh random salt. */
  public String hash(String password) {
    return encoder.encode(password);
  }

  /**
   * Whether {@code password} is the one {@code encoded} was made from; false for other encodings.
   */
  public boolean verify(String password, String encoded) {
    if (encoded == null || !encoded.startsWith("$argon2id$")) {
      // Same cost as a real verification, so a damaged row does not stand out by timing either.
      encoder.matches(password, dummy);
      return false;
    }
    return encoder.matches(password, encoded);
  }

  /** Spends the time of one verification and answers nothing: for names that do not exist. */
  public void verifyNothing(String password) {
    encoder.matches(password, dummy);
  }
}
