package org.civitas.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.civitas.mqtt.MqttSettings;
import org.civitas.mqtt.external.ExternalBrokerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttConfigTest {

  @TempDir Path workingDir;

  @Test
  void the_broker_runs_by_default_on_port_1883_which_may_move_when_taken() {
    MqttConfig mqtt = load(Map.of());

    assertThat(mqtt)
        .isEqualTo(
            new MqttConfig(
                true,
                MqttConfig.Mode.EMBEDDED,
                "0.0.0.0",
                1883,
                false,
                Optional.empty(),
                MqttSettings.Anonymous.SUBSCRIBE));
    assertThat(mqtt.toMqttSettings(workingDir.resolve("data")).folder())
        .isEqualTo(workingDir.resolve("data").resolve("mqtt"));
  }

  @Test
  void anonymous_clients_may_be_allowed_to_publish_or_refused_and_a_bad_value_is_reported() {
    assertThat(load(Map.of("CIVITAS_MQTT_ANONYMOUS", "publish")).anonymous())
        .isEqualTo(MqttSettings.Anonymous.PUBLISH);
    assertThat(
            load(Map.of("CIVITAS_MQTT_ANONYMOUS", "NONE"))
                .toMqttSettings(workingDir.resolve("data"))
                .anonymous())
        .isEqualTo(MqttSettings.Anonymous.NONE);
    assertThatThrownBy(() -> load(Map.of("CIVITAS_MQTT_ANONYMOUS", "everything")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("mqtt.anonymous")
        .hasMessageContaining("subscribe, publish, none");
  }

  @Test
  void a_port_set_in_the_environment_or_the_file_is_the_operators_choice() throws IOException {
    assertThat(load(Map.of("CIVITAS_MQTT_PORT", "1884")).portChosen()).isTrue();
    // Even the default value, written out, is a choice: the operator asked for exactly that port.
    Files.writeString(workingDir.resolve("civitas.properties"), "mqtt.port=1883\n");
    assertThat(load(Map.of()).portChosen()).isTrue();
  }

  @Test
  void can_be_disabled_and_reports_bad_values_together() {
    assertThat(load(Map.of("CIVITAS_MQTT_ENABLED", "false")).enabled()).isFalse();

    assertThatThrownBy(
            () -> load(Map.of("CIVITAS_MQTT_ENABLED", "yes", "CIVITAS_MQTT_PORT", "99999")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("mqtt.enabled")
        .hasMessageContaining("expected true or false")
        .hasMessageContaining("mqtt.port");
  }

  @Test
  void external_mode_reads_the_broker_with_a_derived_client_id_and_the_default_group() {
    MqttConfig mqtt =
        load(
            Map.of(
                "CIVITAS_MQTT_MODE", "external",
                "CIVITAS_MQTT_URL", "ssl://broker.city.example",
                "CIVITAS_MQTT_USERNAME", "civitas",
                "CIVITAS_MQTT_PASSWORD", "s3cret"));

    ExternalBrokerSettings external = mqtt.external().orElseThrow();
    assertThat(external.tls()).isTrue();
    assertThat(external.port()).isEqualTo(8883);
    assertThat(external.endpoint()).isEqualTo("mqtts://broker.city.example:8883");
    assertThat(external.sharedGroup()).isEqualTo("civitas");
    assertThat(external.topicPrefix()).isEmpty();
    assertThat(external.clientId()).startsWith("civitas-").matches(".*-[0-9a-f]{8}");
    assertThat(external.persistentSession()).isFalse();
    assertThat(external.toString()).doesNotContain("s3cret").contains("********");
  }

  @Test
  void a_chosen_client_id_keeps_the_session_at_the_broker() {
    MqttConfig mqtt =
        load(
            Map.of(
                "CIVITAS_MQTT_MODE", "external",
                "CIVITAS_MQTT_URL", "tcp://127.0.0.1:1883",
                "CIVITAS_MQTT_CLIENT_ID", "civitas-node-1",
                "CIVITAS_MQTT_TOPIC_PREFIX", "city/north"));

    ExternalBrokerSettings external = mqtt.external().orElseThrow();
    assertThat(external.clientId()).isEqualTo("civitas-node-1");
    assertThat(external.persistentSession()).isTrue();
    assertThat(external.prefixed("v1.1/Things")).isEqualTo("city/north/v1.1/Things");
  }

  @Test
  void every_problem_of_the_external_broker_is_reported_at_once_and_the_password_never() {
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "CIVITAS_MQTT_MODE", "external",
                        "CIVITAS_MQTT_PASSWORD", "s3cret",
                        "CIVITAS_MQTT_SHARED_GROUP", "a/b",
                        "CIVITAS_MQTT_TOPIC_PREFIX", "city/#",
                        "CIVITAS_MQTT_CLIENT_ID", "has space")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("mqtt.url")
        .hasMessageContaining("required when mqtt.mode=external")
        .hasMessageContaining("mqtt.password")
        .hasMessageContaining("mqtt.shared-group")
        .hasMessageContaining("mqtt.topic-prefix")
        .hasMessageContaining("mqtt.client-id")
        .message()
        .doesNotContain("s3cret");
    assertThatThrownBy(
            () ->
                load(
                    Map.of(
                        "CIVITAS_MQTT_MODE", "external",
                        "CIVITAS_MQTT_URL", "http://user:pw@broker:1883/path")))
        .hasMessageContaining("expected a broker URL such as tcp://")
        .hasMessageContaining("must not hold credentials")
        .hasMessageContaining("without a path");
    assertThatThrownBy(() -> load(Map.of("CIVITAS_MQTT_MODE", "cloud")))
        .hasMessageContaining("mqtt.mode")
        .hasMessageContaining("expected one of embedded, external");
  }

  private MqttConfig load(Map<String, String> environment) {
    return ConfigLoader.load(Optional.empty(), workingDir, environment).config().mqtt();
  }
}
