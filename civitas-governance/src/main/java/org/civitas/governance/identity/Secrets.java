package org.civitas.governance.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random bearer secrets and their SHA-256, the only form in which they are stored. A SHA-256 is
 * enough for them (unlike for passwords): 256 random bits cannot be guessed offline, and a slow
 * hash would slow every request.
 */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String KEY_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  private Secrets() {}

  /** 256 random bits as unpadded base64url (43 characters). */
  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A key id: 16 of {@code [a-z0-9]}, about 82 random bits (public, so it need not be secret). */
  static String randomKeyId() {
    StringBuilder id = new StringBuilder(16);
    for (int i = 0; i < 16; i++) {
      id.append(KEY_ID_ALPHABET.charAt(RANDOM.nextInt(KEY_ID_ALPHABET.length())));
    }
    return id.toString();
  }

  /** A password of 24 base64url characters (144 random bits), for the first administrator. */
  static String randomPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Lower-case hex SHA-256 of the UTF-8 text. */
  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** Compares two hashes in time independent of where they differ. */
  static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
