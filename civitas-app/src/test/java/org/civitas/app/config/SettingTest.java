package org.civitas.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingTest {

  @Test
  void names_its_environment_variable_after_section_and_key() {
    Setting setting = Setting.of("http", "public-url", "", "links");

    assertThat(setting.name()).isEqualTo("http.public-url");
    assertThat(setting.envName()).isEqualTo("CIVITAS_HTTP_PUBLIC_URL");
  }

  @Test
  void the_issue_names_of_the_main_settings_hold() {
    assertThat(CivitasConfig.SETTINGS)
        .extracting(Setting::envName)
        .contains(
            "CIVITAS_HTTP_PORT",
            "CIVITAS_HTTP_HOST",
            "CIVITAS_DATA_DIR",
            "CIVITAS_STORAGE_KIND",
            "CIVITAS_STORAGE_URL",
            "CIVITAS_STORAGE_USER",
            "CIVITAS_STORAGE_PASSWORD")
        .doesNotHaveDuplicates();
  }

  @Test
  void the_readme_documents_every_setting_with_its_default() throws IOException {
    // The README's settings table is the operator's reference; it must not drift from the code.
    String readme = Files.readString(Path.of("..", "README.md"));

    assertThat(CivitasConfig.SETTINGS)
        .allSatisfy(
            setting ->
                assertThat(readme)
                    .contains(
                        "| `"
                            + setting.name()
                            + "` | `"
                            + setting.envName()
                            + "` | "
                            + (setting.defaultValue().isEmpty()
                                ? "(none)"
                                : "`" + setting.defaultValue() + "`")
                            + " |"));
  }
}
