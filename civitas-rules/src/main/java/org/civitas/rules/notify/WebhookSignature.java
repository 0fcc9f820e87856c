package org.civitas.rules.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Civitas-Signature} of a webhook body: {@code sha256=} and the lower-case hex of
 * HMAC-SHA256 (RFC 2104) over the raw body bytes, keyed by the channel secret's UTF-8 bytes.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Civitas-Signature";

  private WebhookSignature() {}

  public static String of(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
