package org.civitas.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.civitas.error.UnavailableException;
import org.junit.jupiter.api.Test;

class MqttPortTest {

  private static final Path FOLDER = Path.of("unused");

  @Test
  void a_taken_default_port_moves_to_a_free_one() throws IOException {
    try (ServerSocket taken = listening()) {
      int port =
          MqttBroker.choosePort(
              new MqttSettings(
                  "127.0.0.1",
                  taken.getLocalPort(),
                  false,
                  FOLDER,
                  MqttSettings.Anonymous.SUBSCRIBE));

      assertThat(port).isPositive().isNotEqualTo(taken.getLocalPort());
    }
  }

  @Test
  void a_taken_port_the_operator_chose_fails_the_start_with_what_to_do() throws IOException {
    try (ServerSocket taken = listening()) {
      int port = taken.getLocalPort();

      assertThatThrownBy(
              () ->
                  MqttBroker.choosePort(
                      new MqttSettings(
                          "127.0.0.1", port, true, FOLDER, MqttSettings.Anonymous.SUBSCRIBE)))
          .isInstanceOf(UnavailableException.class)
          .hasMessageContaining("MQTT port " + port)
          .hasMessageContaining("in use")
          .hasMessageContaining("CIVITAS_MQTT_PORT");
    }
  }

  @Test
  void a_free_port_is_kept_and_zero_picks_one() throws IOException {
    int free;
    try (ServerSocket probe = listening()) {
      free = probe.getLocalPort();
    }

    assertThat(
            MqttBroker.choosePort(
                new MqttSettings(
                    "127.0.0.1", free, true, FOLDER, MqttSettings.Anonymous.SUBSCRIBE)))
        .isEqualTo(free);
    assertThat(
            MqttBroker.choosePort(
                new MqttSettings("127.0.0.1", 0, false, FOLDER, MqttSettings.Anonymous.SUBSCRIBE)))
        .isPositive();
  }

  @Test
  void settings_report_every_problem_at_once() {
    assertThatThrownBy(
            () -> new MqttSettings(" ", 70_000, false, FOLDER, MqttSettings.Anonymous.SUBSCRIBE))
        .hasMessageContaining("host must name an address")
        .hasMessageContaining("port must be between 0 and 65535, was 70000");
  }

  private static ServerSocket listening() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress("127.0.0.1", 0));
    return socket;
  }
}
