package org.civitas.app.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.civitas.devices.lorawan.ChirpStackDownlinks;
import org.civitas.devices.lorawan.LorawanDownlinks;
import org.civitas.devices.lorawan.TtsDownlinks;
import org.civitas.devices.lorawan.WebhookSecret;

/**
 * The LoRaWAN network servers: the secret their webhooks must carry, and how to reach their APIs
 * for downlinks (see docs/DEVICES.md).
 *
 * @param webhookSecret the shared secret; empty turns the webhooks off; never logged or shown
 * @param signatureRequired whether a webhook must carry an HMAC signature instead of the secret
 * @param chirpstackUrl the ChirpStack REST API, if downlinks go through ChirpStack
 * @param chirpstackApiToken its API token; never logged or shown
 * @param ttsUrl The Things Stack cluster, if downlinks go through TTS
 * @param ttsApiKey its application API key; never logged or shown
 * @param ttsApplicationId the TTS application of the devices
 * @param ttsWebhookId the TTS webhook that delivers to Civitas
 */
public record LorawanConfig(
    Optional<String> webhookSecret,
    boolean signatureRequired,
    Optional<URI> chirpstackUrl,
    String chirpstackApiToken,
    Optional<URI> ttsUrl,
    String ttsApiKey,
    String ttsApplicationId,
    String ttsWebhookId) {

  /** How long a network server may take to accept a downlink. */
  static final Duration DOWNLINK_TIMEOUT = Duration.ofSeconds(10);

  static final Setting WEBHOOK_SECRET =
      Setting.secret(
          "lorawan",
          "webhook-secret",
          "Secret the network servers send in header X-Civitas-Webhook-Secret (at least 16"
              + " characters); the LoRaWAN webhooks answer 404 while it is unset");
  static final Setting SIGNATURE_REQUIRED =
      Setting.of(
          "lorawan",
          "signature-required",
          "false",
          "Whether a webhook must carry X-Civitas-Signature (HMAC-SHA256 of the body) instead of"
              + " the plain secret");
  static final Setting CHIRPSTACK_URL =
      Setting.of(
          "lorawan",
          "chirpstack.url",
          "",
          "ChirpStack REST API for downlinks, e.g. http://chirpstack-rest-api:8090");
  static final Setting CHIRPSTACK_API_TOKEN =
      Setting.secret("lorawan", "chirpstack.api-token", "ChirpStack API token for downlinks");
  static final Setting TTS_URL =
      Setting.of(
          "lorawan",
          "tts.url",
          "",
          "The Things Stack cluster for downlinks, e.g. https://eu1.cloud.thethings.network");
  static final Setting TTS_API_KEY =
      Setting.secret(
          "lorawan", "tts.api-key", "TTS application API key allowed to write downlinks");
  static final Setting TTS_APPLICATION_ID =
      Setting.of("lorawan", "tts.application-id", "", "TTS application of the devices");
  static final Setting TTS_WEBHOOK_ID =
      Setting.of("lorawan", "tts.webhook-id", "civitas", "TTS webhook that delivers to Civitas");

  static final List<Setting> SETTINGS =
      List.of(
          WEBHOOK_SECRET,
          SIGNATURE_REQUIRED,
          CHIRPSTACK_URL,
          CHIRPSTACK_API_TOKEN,
          TTS_URL,
          TTS_API_KEY,
          TTS_APPLICATION_ID,
          TTS_WEBHOOK_ID);

  static LorawanConfig read(SettingsReader settings) {
    String secret = settings.secret(WEBHOOK_SECRET);
    if (!secret.isEmpty() && secret.length() < WebhookSecret.MINIMUM_LENGTH) {
      settings.problem(
          WEBHOOK_SECRET,
          "expected at least "
              + WebhookSecret.MINIMUM_LENGTH
              + " characters, e.g. openssl rand"
              + " -hex 32");
    }
    boolean signatureRequired = settings.bool(SIGNATURE_REQUIRED);
    if (signatureRequired && secret.isEmpty()) {
      settings.problem(SIGNATURE_REQUIRED, "needs lorawan.webhook-secret, the key of the HMAC");
    }
    Optional<URI> chirpstack = settings.httpUrl(CHIRPSTACK_URL);
    String token = settings.secret(CHIRPSTACK_API_TOKEN).strip();
    if (chirpstack.isPresent() != !token.isEmpty()) {
      settings.problem(
          chirpstack.isPresent() ? CHIRPSTACK_API_TOKEN : CHIRPSTACK_URL,
          "lorawan.chirpstack.url and lorawan.chirpstack.api-token are set together");
    }
    Optional<URI> tts = settings.httpUrl(TTS_URL);
    String key = settings.secret(TTS_API_KEY).strip();
    String application = settings.text(TTS_APPLICATION_ID);
    String webhook = settings.text(TTS_WEBHOOK_ID);
    if (tts.isPresent() || !key.isEmpty() || !application.isEmpty()) {
      if (tts.isEmpty()) {
        settings.problem(TTS_URL, "is needed with lorawan.tts.api-key and tts.application-id");
      }
      if (key.isEmpty()) {
        settings.problem(TTS_API_KEY, "is needed with lorawan.tts.url");
      }
      if (application.isEmpty()) {
        settings.problem(TTS_APPLICATION_ID, "is needed with lorawan.tts.url");
      }
      if (webhook.isEmpty()) {
        settings.problem(TTS_WEBHOOK_ID, "is needed with lorawan.tts.url");
      }
    }
    return new LorawanConfig(
        secret.isEmpty() ? Optional.empty() : Optional.of(secret),
        signatureRequired,
        chirpstack,
        token,
        tts,
        key,
        application,
        webhook);
  }

  /** What the webhooks check; empty while no secret is set. */
  public Optional<WebhookSecret> secret() {
    return webhookSecret.map(
        text ->
            signatureRequired ? WebhookSecret.of(text).requireSignature() : WebhookSecret.of(text));
  }

  /** The ChirpStack downlink client, when ChirpStack is configured. */
  public Optional<LorawanDownlinks> chirpstack() {
    return chirpstackUrl.map(
        url -> new ChirpStackDownlinks(url, chirpstackApiToken, DOWNLINK_TIMEOUT));
  }

  /** The The Things Stack downlink client, when TTS is configured. */
  public Optional<LorawanDownlinks> tts() {
    return ttsUrl.map(
        url -> new TtsDownlinks(url, ttsApplicationId, ttsWebhookId, ttsApiKey, DOWNLINK_TIMEOUT));
  }

  /** Masks the secrets: records print every component, and configurations end up in logs. */
  @Override
  public String toString() {
    return "LorawanConfig[webhookSecret=%s, signatureRequired=%s, chirpstackUrl=%s,"
            .formatted(
                webhookSecret.isPresent() ? "********" : "", signatureRequired, chirpstackUrl)
        + " chirpstackApiToken=%s, ttsUrl=%s, ttsApiKey=%s, ttsApplicationId=%s, ttsWebhookId=%s]"
            .formatted(
                chirpstackApiToken.isEmpty() ? "" : "********",
                ttsUrl,
                ttsApiKey.isEmpty() ? "" : "********",
                ttsApplicationId,
                ttsWebhookId);
  }
}
