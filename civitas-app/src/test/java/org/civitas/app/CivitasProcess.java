package org.civitas.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code civitas.jar} running {@code serve} as a child process on a free loopback port,
 * for tests that must kill it the way a power cut would.
 */
final class CivitasProcess implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int LOG_TAIL_LINES = 60;

  private final Process process;
  private final int port;
  private final Path log;

  private CivitasProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code java -jar civitas.jar serve} with the given {@code CIVITAS_*} settings (and no
   * others from this environment) and waits until {@code /health} answers 200.
   */
  static CivitasProcess start(Map<String, String> settings, Path workDir) throws IOException {
    int port = freePort();
    Path jar = Path.of(System.getProperty("civitas.jar", "target/civitas.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " is missing: run the integration tests with mvnw verify");
    }
    Path log = Files.createTempFile(workDir, "civitas-", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-jar",
                jar.toString(),
                "serve")
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("CIVITAS_"));
    env.put(Operators.ADMIN_PASSWORD_ENV, Operators.ADMIN_PASSWORD);
    env.putAll(settings);
    env.put("CIVITAS_HTTP_HOST", "127.0.0.1");
    env.put("CIVITAS_HTTP_PORT", Integer.toString(port));
    CivitasProcess civitas = new CivitasProcess(builder.start(), port, log);
    civitas.awaitHealthy();
    return civitas;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /**
   * A request to {@code path} (or a whole URL the node linked to) signed in as the node's first
   * administrator; the sign-in happens once per process.
   */
  synchronized java.net.http.HttpRequest.Builder request(
      java.net.http.HttpClient client, String pathOrUrl) {
    if (token == null) {
      token = Operators.adminToken(client, uri(""));
    }
    URI target = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : uri(pathOrUrl);
    return java.net.http.HttpRequest.newBuilder(target).header("Authorization", "Bearer " + token);
  }

  private String token;

  /** SIGKILL: no shutdown hook runs, nothing is flushed; only what was committed survives. */
  void kill() {
    process.destroyForcibly();
    // onExit() rather than waitFor(): the wait needs no InterruptedException in close().
    process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** SIGTERM: the graceful path; returns the exit code. */
  int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("civitas did not stop within 60 s of SIGTERM:\n" + logTail());
    }
    return process.exitValue();
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The end of the log, for failure messages: a runaway log must not swamp the test report. */
  String logTail() {
    List<String> lines = logText().lines().toList();
    return String.join(
        "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private void awaitHealthy() {
    try (HttpClient client = HttpClient.newHttpClient()) {
      await()
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "civitas exited with "
                          + process.exitValue()
                          + " while starting:\n"
                          + logTail());
                }
                return client
                        .send(
                            HttpRequest.newBuilder(uri("/health"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200;
              });
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static Map<String, String> settings(String... keysAndValues) {
    Map<String, String> settings = new HashMap<>();
    List<String> list = List.of(keysAndValues);
    for (int i = 0; i < list.size(); i += 2) {
      settings.put(list.get(i), list.get(i + 1));
    }
    return settings;
  }
}
