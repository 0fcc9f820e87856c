package org.civitas.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CivitasCommandLineTest {

  @TempDir Path workingDir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void config_prints_every_effective_setting_with_its_origin_and_masks_secrets() {
    int exitCode =
        run(Map.of("CIVITAS_HTTP_PORT", "9999", "CIVITAS_STORAGE_PASSWORD", "s3cret"), "config");

    assertThat(exitCode).isZero();
    assertThat(out.toString())
        .contains("no config file")
        .containsPattern("http\\.port +  = 9999 +# env CIVITAS_HTTP_PORT")
        .containsPattern("http\\.host +  = 0\\.0\\.0\\.0 +# default")
        .containsPattern("storage\\.password += \\*{8}")
        .doesNotContain("s3cret");
  }

  @Test
  void config_exits_with_78_listing_every_problem() {
    int exitCode =
        run(Map.of("CIVITAS_HTTP_PORT", "http", "CIVITAS_STORAGE_KIND", "postgres"), "config");

    assertThat(exitCode).isEqualTo(Civitas.EXIT_INVALID_CONFIG);
    assertThat(err.toString())
        .contains("invalid configuration")
        .contains("http.port (env CIVITAS_HTTP_PORT)")
        .contains("storage.url (default): is required when storage.kind=postgres");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void serve_refuses_to_start_with_an_invalid_configuration() {
    int exitCode = run(Map.of("CIVITAS_PAGING_MAX_TOP", "0"), "serve");

    assertThat(exitCode).isEqualTo(Civitas.EXIT_INVALID_CONFIG);
    assertThat(err.toString()).contains("paging.max-top");
  }

  @Test
  void serve_exits_with_1_when_storage_cannot_be_reached() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    int exitCode =
        run(
            Map.of(
                "CIVITAS_STORAGE_KIND", "postgres",
                "CIVITAS_STORAGE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/civitas",
                "CIVITAS_HTTP_HOST", "127.0.0.1",
                "CIVITAS_HTTP_PORT", "0"),
            "serve");

    assertThat(exitCode).isEqualTo(Civitas.EXIT_FAILED);
  }

  @Test
  void reads_the_config_file_named_by_the_option() throws Exception {
    Path file = Files.writeString(workingDir.resolve("site.properties"), "http.port=7000\n");

    int exitCode = run(Map.of(), "config", "--config", file.toString());

    assertThat(exitCode).isZero();
    assertThat(out.toString()).contains("config file " + file).containsPattern("= 7000 +# file");
  }

  @Test
  void prints_the_version() {
    int exitCode = run(Map.of(), "--version");

    assertThat(exitCode).isZero();
    assertThat(out.toString()).startsWith("Civitas " + CivitasVersion.current());
    assertThat(CivitasVersion.current()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void without_a_command_explains_what_to_type() {
    int exitCode = run(Map.of());

    assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("Missing command", "serve", "config");
  }

  private int run(Map<String, String> env, String... args) {
    return Civitas.commandLine(env, workingDir)
        .setOut(new PrintWriter(out))
        .setErr(new PrintWriter(err))
        .execute(args);
  }
}
