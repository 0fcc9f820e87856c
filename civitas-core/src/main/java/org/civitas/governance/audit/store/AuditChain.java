package org.civitas.governance.audit.store;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * How an audit entry is hashed: the one definition the store (when appending) and the verifier
 * (when checking) share. Changing it invalidates every stored chain, so it is versioned.
 *
 * <p>{@code hash = lower-case hex of SHA-256(encoding)}, where the encoding (version 1) is the 16
 * ASCII bytes {@code civitas-audit-v1} followed by these fields in this order, each written as its
 * length in bytes (4 bytes, big-endian) and then its UTF-8 bytes:
 *
 * <ol>
 *   <li>the previous entry's hash ({@link #GENESIS} for seq 1),
 *   <li>seq, in decimal,
 *   <li>the time, as the decimal number of microseconds since 1970-01-01T00:00Z,
 *   <li>actor, action, target,
 *   <li>the number of details, in decimal,
 *   <li>each detail's key and then its value, keys in ascending {@link String#compareTo} order.
 * </ol>
 *
 * <p>Every field carries its own length, so no two different entries share an encoding (an actor
 * {@code "a.b"} with action {@code "c"} is not an actor {@code "a"} with action {@code "b.c"}), and
 * the details' order cannot vary with how they were stored. Text that is not valid Unicode (a lone
 * surrogate) has no UTF-8 form and is refused rather than silently replaced.
 */
public final class AuditChain {

  /** What the first entry chains from: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final byte[] VERSION = "civitas-audit-v1".getBytes(StandardCharsets.US_ASCII);

  private AuditChain() {}

  /** The hash of {@code event} at {@code seq} after an entry whose hash is {@code prevHash}. */
  public static String hash(String prevHash, long seq, AuditEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.writeBytes(VERSION);
    field(out, prevHash);
    field(out, Long.toString(seq));
    field(out, Long.toString(micros(event.at())));
    field(out, event.actor());
    field(out, event.action());
    field(out, event.target());
    Map<String, String> details = event.details();
    field(out, Integer.toString(details.size()));
    // AuditEvent keeps its details sorted by key.
    details.forEach(
        (key, value) -> {
          field(out, key);
          field(out, value);
        });
    return HexFormat.of().formatHex(sha256().digest(out.toByteArray()));
  }

  /** The hash of {@code entry}'s content recomputed, to compare with the one stored. */
  public static String recompute(AuditEntry entry) {
    return hash(entry.prevHash(), entry.seq(), entry.event());
  }

  private static long micros(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000);
  }

  private static void field(ByteArrayOutputStream out, String text) {
    byte[] bytes;
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
      bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("audit text is not valid Unicode: " + e.getMessage(), e);
    }
    out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
    out.writeBytes(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
