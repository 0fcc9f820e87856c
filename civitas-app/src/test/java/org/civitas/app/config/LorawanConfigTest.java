package org.civitas.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LorawanConfigTest {
  @TempDir Path workingDir;

  private LorawanConfig load(Map<String, String> env) {
    return ConfigLoader.load(Optional.empty(), workingDir, env).config().lorawan();
  }

  @Test
  void by_default_the_webhooks_are_off_and_no_network_server_takes_downlinks() {
    LorawanConfig config = load(Map.of());

    assertThat(config.secret()).isEmpty();
    assertThat(config.chirpstack()).isEmpty();
    assertThat(config.tts()).isEmpty();
    assertThat(config.ttsWebhookId()).isEqualTo("civitas");
  }

  @Test
  void the_settings_are_read_from_the_environment_and_the_secrets_are_masked() {
    LorawanConfig config =
        load(
            Map.of(
                "CIVITAS_LORAWAN_WEBHOOK_SECRET", "a-secret-of-24-characters",
                "CIVITAS_LORAWAN_SIGNATURE_REQUIRED", "true",
                "CIVITAS_LORAWAN_CHIRPSTACK_URL", "http://chirpstack-rest-api:8090",
                "CIVITAS_LORAWAN_CHIRPSTACK_API_TOKEN", "cs-token-value",
                "CIVITAS_LORAWAN_TTS_URL", "https://eu1.cloud.thethings.network",
                "CIVITAS_LORAWAN_TTS_API_KEY", "NNSXS.key-value",
                "CIVITAS_LORAWAN_TTS_APPLICATION_ID", "civitas-waste"));

    assertThat(config.secret().orElseThrow().signatureRequired()).isTrue();
    assertThat(config.chirpstackUrl()).contains(URI.create("http://chirpstack-rest-api:8090"));
    assertThat(config.chirpstack()).isPresent();
    assertThat(config.tts()).isPresent();
    assertThat(config.toString())
        .doesNotContain("a-secret-of-24-characters", "cs-token-value", "NNSXS.key-value")
        .contains("civitas-waste");
    assertThat(CivitasConfig.SETTINGS)
        .filteredOn(setting -> setting.section().equals("lorawan") && setting.secret())
        .extracting(Setting::name)
        .containsExactlyInAnyOrder(
            "lorawan.webhook-secret", "lorawan.chirpstack.api-token", "lorawan.tts.api-key");
  }

  @Test
  void a_short_secret_and_half_configured_network_servers_are_reported_together() {
    InvalidConfigurationException error =
        catchThrowableOfType(
            InvalidConfigurationException.class,
            () ->
                load(
                    Map.of(
                        "CIVITAS_LORAWAN_WEBHOOK_SECRET", "short",
                        "CIVITAS_LORAWAN_CHIRPSTACK_URL", "http://chirpstack:8090",
                        "CIVITAS_LORAWAN_TTS_APPLICATION_ID", "civitas-waste")));

    assertThat(String.join("\n", error.problems()))
        .contains("lorawan.webhook-secret")
        .contains("lorawan.chirpstack.api-token")
        .contains("lorawan.tts.url")
        .contains("lorawan.tts.api-key");
  }
}
