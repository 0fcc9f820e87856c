package org.civitas.devices.lorawan;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a webhook request comes from the network server Civitas shares a secret with.
 *
 * <p>Neither ChirpStack nor The Things Stack signs its webhooks, but both send fixed headers the
 * operator configures (ChirpStack: the HTTP integration's "Headers"; TTS: the webhook's "Additional
 * headers"), so the network server sends the secret itself in {@link #headerName()}. A proxy in
 * front of Civitas that can sign may instead send {@code HMAC-SHA256(secret, raw body)} in {@link
 * #signatureHeaderName()}, as hex or base64, optionally prefixed {@code sha256=}. When a request
 * carries a signature, the signature decides; otherwise the secret header does, unless a signature
 * is required. All comparisons take the same time whatever the bytes, so that a caller cannot guess
 * the secret a character at a time.
 *
 * <p>Immutable and thread-safe.
 */
public final class WebhookSecret {

  /** The header the network server is told to send the secret in, unless configured otherwise. */
  public static final String DEFAULT_HEADER = "X-Civitas-Webhook-Secret";

  /** The header a signing proxy sends the HMAC in, unless configured otherwise. */
  public static final String DEFAULT_SIGNATURE_HEADER = "X-Civitas-Signature";

  /** The shortest secret accepted: 128 bits of a random hex or base64 string. */
  public static final int MINIMUM_LENGTH = 16;

  /** The verdict on one request; only {@link #ACCEPTED} lets it in (anything else is HTTP 401). */
  public enum Verdict {
    ACCEPTED,
    SECRET_MISSING,
    SECRET_WRONG,
    SIGNATURE_MISSING,
    SIGNATURE_WRONG;

    public boolean accepted() {
      return this == ACCEPTED;
    }
  }

  private final String headerName;
  private final String signatureHeaderName;
  private final byte[] secret;
  private final byte[] secretDigest;
  private final boolean signatureRequired;

  private WebhookSecret(
      String headerName, String signatureHeaderName, String secret, boolean signatureRequired) {
    Objects.requireNonNull(headerName, "headerName");
    Objects.requireNonNull(signatureHeaderName, "signatureHeaderName");
    Objects.requireNonNull(secret, "secret");
    if (headerName.isBlank() || signatureHeaderName.isBlank()) {
      throw new IllegalArgumentException("webhook header names must not be blank");
    }
    if (secret.length() < MINIMUM_LENGTH) {
      throw new IllegalArgumentException(
          "a webhook secret must have at least "
              + MINIMUM_LENGTH
              + " characters, it has "
              + secret.length());
    }
    this.headerName = headerName;
    this.signatureHeaderName = signatureHeaderName;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.secretDigest = sha256(this.secret);
    this.signatureRequired = signatureRequired;
  }

  /**
   * A secret sent as-is in {@link #DEFAULT_HEADER}, or signed into {@link
   * #DEFAULT_SIGNATURE_HEADER}.
   */
  public static WebhookSecret of(String secret) {
    return new WebhookSecret(DEFAULT_HEADER, DEFAULT_SIGNATURE_HEADER, secret, false);
  }

  /** The same secret, expected in another header. */
  public WebhookSecret inHeader(String name) {
    return new WebhookSecret(
        name, signatureHeaderName, new String(secret, StandardCharsets.UTF_8), signatureRequired);
  }

  /** The same secret, with the signature expected in another header. */
  public WebhookSecret signedInHeader(String name) {
    return new WebhookSecret(
        headerName, name, new String(secret, StandardCharsets.UTF_8), signatureRequired);
  }

  /**
   * The same secret, accepting only signed requests (the plain secret header no longer suffices).
   */
  public WebhookSecret requireSignature() {
    return new WebhookSecret(
        headerName, signatureHeaderName, new String(secret, StandardCharsets.UTF_8), true);
  }

  public String headerName() {
    return headerName;
  }

  public String signatureHeaderName() {
    return signatureHeaderName;
  }

  public boolean signatureRequired() {
    return signatureRequired;
  }

  /**
   * Judges one request.
   *
   * @param header the request's header by (case-insensitive) name, null when absent; e.g. {@code
   *     ctx::header} in Javalin
   * @param body the raw request body, exactly as received
   */
  public Verdict verify(UnaryOperator<String> header, byte[] body) {
    String signature = header.apply(signatureHeaderName);
    if (signature != null && !signature.isBlank()) {
      return signatureMatches(signature.trim(), body) ? Verdict.ACCEPTED : Verdict.SIGNATURE_WRONG;
    }
    if (signatureRequired) {
      return Verdict.SIGNATURE_MISSING;
    }
    String sent = header.apply(headerName);
    if (sent == null || sent.isEmpty()) {
      return Verdict.SECRET_MISSING;
    }
    return secretMatches(sent) ? Verdict.ACCEPTED : Verdict.SECRET_WRONG;
  }

  /** Whether {@code sent} is the secret, compared in constant time. */
  public boolean secretMatches(String sent) {
    // Comparing digests makes the time independent of the length of either string too.
    return MessageDigest.isEqual(secretDigest, sha256(sent.getBytes(StandardCharsets.UTF_8)));
  }

  /** {@code HMAC-SHA256(secret, body)} as lower-case hex, what a signing proxy sends. */
  public String sign(byte[] body) {
    return HexFormat.of().formatHex(hmac(body));
  }

  private boolean signatureMatches(String signature, byte[] body) {
    String value = signature;
    if (value.toLowerCase(Locale.ROOT).startsWith("sha256=")) {
      value = value.substring("sha256=".length());
    }
    byte[] sent = decodeSignature(value);
    return sent != null && MessageDigest.isEqual(hmac(body), sent);
  }

  private static byte[] decodeSignature(String value) {
    if (value.length() == 64 && value.chars().allMatch(HexFormat::isHexDigit)) {
      return HexFormat.of().parseHex(value);
    }
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    // Never the secret itself: this ends up in logs.
    return "WebhookSecret[header="
        + headerName
        + ", signatureHeader="
        + signatureHeaderName
        + ", signatureRequired="
        + signatureRequired
        + "]";
  }
}
