package org.civitas.governance.classes;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonyms of data subjects' identifiers: {@code pseud-} and the first 16 bytes of
 * HMAC-SHA256(secret, identifier) in hex. The same identifier always gets the same pseudonym under
 * one secret, so analyses can still join on it, and without the secret it can be neither reversed
 * nor confirmed by hashing guesses. Every node of one city must share the secret for pseudonyms to
 * agree across nodes.
 *
 * <p>Thread-safe.
 */
public final class Pseudonyms {

  /** Shortest secret accepted: as long as the hash. */
  public static final int MIN_SECRET_BYTES = 32;

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /**
   * @param secret at least {@link #MIN_SECRET_BYTES} bytes, kept by the node (not in the database)
   */
  public Pseudonyms(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          "a pseudonym secret has at least " + MIN_SECRET_BYTES + " bytes, was " + secret.length);
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** Pseudonyms under a fresh random secret: stable for this process only (tests, one node). */
  public static Pseudonyms withRandomSecret() {
    byte[] secret = new byte[MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(secret);
    return new Pseudonyms(secret);
  }

  /** The pseudonym of {@code identifier}. */
  public String of(String identifier) {
    Objects.requireNonNull(identifier, "identifier");
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] digest = mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8));
      return "pseud-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }
}
