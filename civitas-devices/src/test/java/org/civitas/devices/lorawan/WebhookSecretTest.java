package org.civitas.devices.lorawan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.civitas.devices.lorawan.WebhookSecret.Verdict;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {

  private static final String SECRET = "q8ZJ2m6Vt0XbR4sN";
  private static final byte[] BODY = "{\"fCnt\":42}".getBytes(StandardCharsets.UTF_8);

  /** Headers looked up case-insensitively, as an HTTP server does. */
  private static UnaryOperator<String> headers(Map<String, String> values) {
    TreeMap<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(values);
    return map::get;
  }

  @Test
  void the_shared_secret_in_its_header_is_accepted_and_any_other_value_refused() {
    WebhookSecret secret = WebhookSecret.of(SECRET);
    assertThat(secret.verify(headers(Map.of("x-civitas-webhook-secret", SECRET)), BODY))
        .isEqualTo(Verdict.ACCEPTED);
    assertThat(secret.verify(headers(Map.of("X-Civitas-Webhook-Secret", SECRET + "x")), BODY))
        .isEqualTo(Verdict.SECRET_WRONG);
    assertThat(
            secret.verify(headers(Map.of("X-Civitas-Webhook-Secret", SECRET.substring(1))), BODY))
        .isEqualTo(Verdict.SECRET_WRONG);
    assertThat(secret.verify(headers(Map.of("Authorization", SECRET)), BODY))
        .isEqualTo(Verdict.SECRET_MISSING);
    assertThat(Verdict.SECRET_WRONG.accepted()).isFalse();
  }

  @Test
  void the_header_name_can_be_chosen() {
    WebhookSecret secret = WebhookSecret.of(SECRET).inHeader("X-Tts-Secret");
    assertThat(secret.verify(headers(Map.of("X-Tts-Secret", SECRET)), BODY))
        .isEqualTo(Verdict.ACCEPTED);
    assertThat(secret.verify(headers(Map.of("X-Civitas-Webhook-Secret", SECRET)), BODY))
        .isEqualTo(Verdict.SECRET_MISSING);
  }

  @Test
  void an_hmac_sha256_of_the_raw_body_in_hex_or_base64_is_accepted() throws Exception {
    WebhookSecret secret = WebhookSecret.of(SECRET);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] expected = mac.doFinal(BODY);
    String hex = HexFormat.of().formatHex(expected);

    assertThat(secret.sign(BODY)).isEqualTo(hex);
    assertThat(secret.verify(headers(Map.of("X-Civitas-Signature", hex)), BODY))
        .isEqualTo(Verdict.ACCEPTED);
    assertThat(
            secret.verify(
                headers(Map.of("X-Civitas-Signature", "sha256=" + hex.toUpperCase())), BODY))
        .isEqualTo(Verdict.ACCEPTED);
    assertThat(
            secret.verify(
                headers(
                    Map.of("X-Civitas-Signature", Base64.getEncoder().encodeToString(expected))),
                BODY))
        .isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void a_wrong_signature_is_refused_even_beside_the_right_secret() {
    WebhookSecret secret = WebhookSecret.of(SECRET);
    byte[] tampered = "{\"fCnt\":43}".getBytes(StandardCharsets.UTF_8);
    assertThat(
            secret.verify(
                headers(
                    Map.of(
                        "X-Civitas-Signature",
                        secret.sign(BODY),
                        "X-Civitas-Webhook-Secret",
                        SECRET)),
                tampered))
        .isEqualTo(Verdict.SIGNATURE_WRONG);
    assertThat(secret.verify(headers(Map.of("X-Civitas-Signature", "not a signature")), BODY))
        .isEqualTo(Verdict.SIGNATURE_WRONG);
  }

  @Test
  void when_a_signature_is_required_the_plain_secret_no_longer_suffices() {
    WebhookSecret secret = WebhookSecret.of(SECRET).requireSignature();
    assertThat(secret.verify(headers(Map.of("X-Civitas-Webhook-Secret", SECRET)), BODY))
        .isEqualTo(Verdict.SIGNATURE_MISSING);
    assertThat(secret.verify(headers(Map.of("X-Civitas-Signature", secret.sign(BODY))), BODY))
        .isEqualTo(Verdict.ACCEPTED);
  }

  @Test
  void a_short_secret_is_refused_at_start_up_and_never_printed() {
    assertThatThrownBy(() -> WebhookSecret.of("password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 characters");
    assertThat(WebhookSecret.of(SECRET).toString()).doesNotContain(SECRET);
  }
}
