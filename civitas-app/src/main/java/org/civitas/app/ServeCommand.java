package org.civitas.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.civitas.app.config.LoadedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code civitas serve}: runs the node until the process is asked to stop (SIGTERM, Ctrl-C), then
 * shuts down gracefully so that every observation already queued is committed.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Starts the HTTP API and its storage; stops gracefully on SIGTERM or Ctrl-C.")
final class ServeCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  private final Map<String, String> env;
  private final Path workingDir;

  @Mixin ConfigOption configOption;

  ServeCommand(Map<String, String> env, Path workingDir) {
    this.env = env;
    this.workingDir = workingDir;
  }

  @Override
  public Integer call() throws InterruptedException {
    LoadedConfig loaded = configOption.load(env, workingDir);
    LOG.info(
        "Civitas {} starting ({})",
        CivitasVersion.current(),
        loaded.file().map(file -> "config file " + file).orElse("no config file"));
    RunningCivitas civitas = RunningCivitas.start(loaded.config());

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    civitas.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "civitas-shutdown"));
    // The HTTP server runs on its own threads; this one only waits for the shutdown to finish.
    stopped.await();
    return 0;
  }
}
