package org.civitas.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.civitas.storage.StorageKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path workingDir;

  @Test
  void uses_the_documented_defaults_without_file_or_environment() {
    CivitasConfig config = load(Map.of());

    assertThat(config.http()).isEqualTo(new HttpConfig("0.0.0.0", 8080, Optional.empty()));
    assertThat(config.data().dir()).isEqualTo(workingDir.resolve("data"));
    assertThat(config.storage().kind()).isEqualTo(StorageKind.EMBEDDED);
    assertThat(config.storage().poolSize()).isEqualTo(8);
    assertThat(config.paging()).isEqualTo(new PagingConfig(100, 10_000));
  }

  @Test
  void reads_civitas_properties_from_the_working_directory_when_present() throws IOException {
    write("civitas.properties", "http.port=9090\npaging.default-top = 50\n");

    LoadedConfig loaded = ConfigLoader.load(Optional.empty(), workingDir, Map.of());

    assertThat(loaded.config().http().port()).isEqualTo(9090);
    assertThat(loaded.config().paging().defaultTop()).isEqualTo(50);
    assertThat(loaded.file()).contains(workingDir.resolve("civitas.properties"));
  }

  @Test
  void environment_variables_override_the_file() throws IOException {
    write("civitas.properties", "http.port=9090\nhttp.host=127.0.0.1\n");

    CivitasConfig config = load(Map.of("CIVITAS_HTTP_PORT", "7070"));

    assertThat(config.http().port()).isEqualTo(7070);
    assertThat(config.http().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void tells_where_each_effective_value_came_from() throws IOException {
    Path file = write("site.properties", "http.host=127.0.0.1\n");

    LoadedConfig loaded =
        ConfigLoader.load(Optional.of(file), workingDir, Map.of("CIVITAS_DATA_DIR", "/srv/x"));

    assertThat(loaded.values())
        .extracting(value -> value.setting().name() + " <- " + value.origin())
        .contains(
            "http.host <- file " + file,
            "data.dir <- env CIVITAS_DATA_DIR",
            "http.port <- default");
  }

  @Test
  void selects_postgres_with_its_connection_settings_from_the_environment() {
    CivitasConfig config =
        load(
            Map.of(
                "CIVITAS_STORAGE_KIND", "postgres",
                "CIVITAS_STORAGE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "CIVITAS_STORAGE_USER", "civitas",
                "CIVITAS_STORAGE_PASSWORD", "s3cret",
                "CIVITAS_STORAGE_POOL_SIZE", "4"));

    assertThat(config.storage())
        .isEqualTo(
            new StorageConfig(
                StorageKind.POSTGRES,
                "jdbc:postgresql://127.0.0.1:5432/test",
                "civitas",
                "s3cret",
                4));
  }

  @Test
  void reports_every_problem_at_once() throws IOException {
    Path notADirectory = write("occupied", "");
    write(
        "civitas.properties",
        "http.port=eighty\nhttp.prot=80\npaging.default-top=500\npaging.max-top=100\n");

    InvalidConfigurationException error =
        catchThrowableOfType(
            InvalidConfigurationException.class,
            () ->
                load(
                    Map.of(
                        "CIVITAS_DATA_DIR", notADirectory.resolve("data").toString(),
                        "CIVITAS_STORAGE_POOLSIZE", "4",
                        "CIVITAS_HTTP_PUBLIC_URL", "city.example")));

    assertThat(error.problems())
        .hasSize(6)
        .anySatisfy(p -> assertThat(p).startsWith("http.port").contains("found 'eighty'"))
        .anySatisfy(
            p -> assertThat(p).contains("unknown key 'http.prot'", "did you mean http.port"))
        .anySatisfy(p -> assertThat(p).startsWith("paging.max-top").contains("at least"))
        .anySatisfy(p -> assertThat(p).startsWith("data.dir").contains("is not a directory"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("CIVITAS_STORAGE_POOLSIZE", "did you mean CIVITAS_STORAGE_POOL_SIZE"))
        .anySatisfy(p -> assertThat(p).startsWith("http.public-url").contains("absolute"));
    assertThat(error.getMessage()).contains("http.port", "http.prot", "paging.max-top");
  }

  @Test
  void rejects_postgres_without_a_url() {
    assertThatThrownBy(() -> load(Map.of("CIVITAS_STORAGE_KIND", "postgres")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("storage.url (default): is required when storage.kind=postgres");
  }

  @Test
  void the_cap_sender_defaults_and_refuses_what_cap_forbids_in_a_sender() {
    assertThat(load(Map.of()).alerts().sender()).isEqualTo("civitas@localhost");
    assertThat(load(Map.of("CIVITAS_ALERTS_SENDER", "alerts@city.example")).alerts().sender())
        .isEqualTo("alerts@city.example");
    assertThatThrownBy(() -> load(Map.of("CIVITAS_ALERTS_SENDER", "city hall, alerts")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("alerts.sender (env CIVITAS_ALERTS_SENDER)");
  }

  @Test
  void rejects_an_unknown_storage_kind_naming_the_choices() {
    assertThatThrownBy(() -> load(Map.of("CIVITAS_STORAGE_KIND", "mysql")))
        .hasMessageContaining("storage.kind (env CIVITAS_STORAGE_KIND)")
        .hasMessageContaining("expected one of embedded, postgres, found 'mysql'");
  }

  @Test
  void does_not_check_the_data_directory_when_data_lives_in_postgres() throws IOException {
    Path notADirectory = write("occupied", "");

    CivitasConfig config =
        load(
            Map.of(
                "CIVITAS_STORAGE_KIND", "POSTGRES",
                "CIVITAS_STORAGE_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "CIVITAS_DATA_DIR", notADirectory.toString()));

    assertThat(config.storage().kind()).isEqualTo(StorageKind.POSTGRES);
  }

  @Test
  void fails_when_the_given_config_file_does_not_exist() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(Optional.of(Path.of("missing.properties")), workingDir, Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("missing.properties cannot be read");
  }

  @Test
  void ignores_environment_variables_of_other_programs() {
    CivitasConfig config = load(Map.of("PATH", "/usr/bin", "HTTP_PORT", "1"));

    assertThat(config.http().port()).isEqualTo(8080);
  }

  @Test
  void leaves_the_test_suites_civitas_test_variables_alone() {
    CivitasConfig config =
        load(Map.of("CIVITAS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"));

    assertThat(config.storage().url()).isEmpty();
  }

  @Test
  void resolves_a_relative_data_directory_against_the_working_directory() {
    CivitasConfig config = load(Map.of("CIVITAS_DATA_DIR", "state/../db"));

    assertThat(config.data().dir()).isEqualTo(workingDir.resolve("db"));
  }

  @Test
  void accepts_a_public_url_for_links_behind_a_proxy() {
    CivitasConfig config = load(Map.of("CIVITAS_HTTP_PUBLIC_URL", "https://city.example/api"));

    assertThat(config.http().publicUrl()).contains(URI.create("https://city.example/api"));
  }

  @Test
  void never_shows_the_password() {
    LoadedConfig loaded =
        ConfigLoader.load(
            Optional.empty(),
            workingDir,
            Map.of(
                "CIVITAS_STORAGE_PASSWORD", "s3cret",
                "CIVITAS_MQTT_MODE", "external",
                "CIVITAS_MQTT_URL", "tcp://127.0.0.1:1883",
                "CIVITAS_MQTT_USERNAME", "civitas",
                "CIVITAS_MQTT_PASSWORD", "s3cret"));

    assertThat(loaded.config().storage().toString()).doesNotContain("s3cret");
    assertThat(loaded.config().mqtt().toString()).doesNotContain("s3cret");
    assertThat(loaded.values())
        .filteredOn(value -> value.setting().secret() && !value.text().isEmpty())
        .extracting(SettingValue::displayText)
        .containsExactly("********", "********");
  }

  @Test
  void masks_a_password_written_into_the_storage_url() {
    LoadedConfig loaded =
        ConfigLoader.load(
            Optional.empty(),
            workingDir,
            Map.of(
                "CIVITAS_STORAGE_KIND", "postgres",
                "CIVITAS_STORAGE_URL",
                    "jdbc:postgresql://db:5432/civitas?password=s3cret&ssl=true"));

    assertThat(loaded.values())
        .filteredOn(value -> value.setting().name().equals("storage.url"))
        .extracting(SettingValue::displayText)
        .containsExactly("jdbc:postgresql://db:5432/civitas?password=********&ssl=true");
  }

  private CivitasConfig load(Map<String, String> env) {
    return ConfigLoader.load(Optional.empty(), workingDir, env).config();
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(workingDir.resolve(name), content);
  }
}
