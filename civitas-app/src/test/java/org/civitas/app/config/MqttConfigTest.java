package org.civitas.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttConfigTest {

  @TempDir Path workingDir;

  @Test
  void the_broker_runs_by_default_on_port_1883_which_may_move_when_taken() {
    MqttConfig mqtt = load(Map.of());

    assertThat(mqtt).isEqualTo(new MqttConfig(true, "0.0.0.0", 1883, false));
    assertThat(mqtt.toMqttSettings(workingDir.resolve("data")).folder())
        .isEqualTo(workingDir.resolve("data").resolve("mqtt"));
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

  private MqttConfig load(Map<String, String> environment) {
    return ConfigLoader.load(Optional.empty(), workingDir, environment).config().mqtt();
  }
}
