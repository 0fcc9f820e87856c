package org.civitas.devices.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Device secrets and their hashes.
 *
 * <p>A secret is 32 bytes (256 bits) from {@link SecureRandom}, written in URL-safe Base64 without
 * padding (43 printable characters, safe in an HTTP header and as an MQTT password). Civitas shows
 * it once, when it is made, and stores only its SHA-256.
 *
 * <p>Why a plain SHA-256 and not a password hash (bcrypt, scrypt, Argon2): stretching exists to
 * slow down guessing of low-entropy human passwords from a stolen hash. A random 256-bit secret
 * cannot be guessed, stretched or not — the search space is 2<sup>256</sup> — so stretching would
 * add nothing but cost on every device connection and every HTTP uplink. An unsalted hash also lets
 * a bearer token find its device by one index lookup of its hash, which a salted hash would not.
 * Comparisons of hashes use {@link MessageDigest#isEqual}, which takes the same time however many
 * leading bytes match.
 *
 * <p>Thread-safe.
 */
final class Credentials {
  static final int SECRET_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private Credentials() {}

  /** A new secret, to be shown once. */
  static String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    RANDOM.nextBytes(bytes);
    return BASE64.encodeToString(bytes);
  }

  /** The stored form of a secret: its SHA-256 in lower-case hexadecimal (64 characters). */
  static String hash(String secret) {
    return HexFormat.of().formatHex(digest(secret));
  }

  /** Whether {@code secret} is the one {@code storedHash} was made from, in constant time. */
  static boolean matches(String secret, String storedHash) {
    byte[] stored;
    try {
      stored = HexFormat.of().parseHex(storedHash);
    } catch (IllegalArgumentException notHex) {
      return false;
    }
    return MessageDigest.isEqual(digest(secret), stored);
  }

  private static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
