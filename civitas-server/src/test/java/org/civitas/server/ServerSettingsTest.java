package org.civitas.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerSettingsTest {

  @Test
  void reports_every_problem_at_once() {
    assertThatThrownBy(() -> new ServerSettings(" ", 70_000, "ftp://x", 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("host")
        .hasMessageContaining("port must be between 0 and 65535, was 70000")
        .hasMessageContaining("publicUrl")
        .hasMessageContaining("defaultTop must be at least 1")
        .hasMessageContaining("maxTop");
  }

  @Test
  void drops_a_trailing_slash_of_the_public_url() {
    assertThat(new ServerSettings("0.0.0.0", 8080, "https://city.example/api/", 10, 10).publicUrl())
        .isEqualTo("https://city.example/api");
  }

  @Test
  void defaults_to_port_8080_and_pages_of_100() {
    ServerSettings defaults = ServerSettings.defaults();

    assertThat(defaults.port()).isEqualTo(8080);
    assertThat(defaults.defaultTop()).isEqualTo(100);
    assertThat(defaults.publicUrl()).isNull();
  }
}
