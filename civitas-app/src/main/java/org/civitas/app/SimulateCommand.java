package org.civitas.app;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.civitas.error.InvalidInputException;
import org.civitas.simulator.client.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code civitas simulate --target URL}: provisions the simulated city Brennhaven on a running
 * Civitas, local or remote, through its public APIs and drives it over MQTT, HTTP and LoRaWAN
 * webhooks until stopped (SIGTERM, Ctrl-C), the end of a replay or {@code --duration}.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description =
        "Runs the simulated city Brennhaven against a Civitas at --target over its public"
            + " protocols; stops gracefully on SIGTERM or Ctrl-C.")
final class SimulateCommand implements Callable<Integer> {
  /** Simulated seconds per real second unless {@code --speed} says otherwise. */
  static final int DEFAULT_SPEED = 60;

  private final Map<String, String> env;

  @Option(
      names = "--target",
      required = true,
      paramLabel = "URL",
      description = "Base URL of the Civitas HTTP API, e.g. http://civitas.example:8080.")
  URI targetUrl;

  @Option(
      names = "--mqtt",
      paramLabel = "tcp://HOST:PORT",
      description = "Its MQTT broker (default: the target's host on port 1883).")
  URI mqtt;

  @Option(
      names = "--lorawan-secret",
      paramLabel = "SECRET",
      description =
          "Its LoRaWAN webhook secret (default: env CIVITAS_LORAWAN_WEBHOOK_SECRET; without one"
              + " LoRaWAN uplinks are refused and counted as failures).")
  String lorawanSecret;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "An API key of the target to provision with (default: env CIVITAS_API_KEY); it needs"
              + " the operator role of every department the city's devices belong to, e.g. one"
              + " issued by an administrator at POST /api/v1/governance/api-keys.")
  String apiKey;

  @Mixin SimulatorOptions simulator;
  @Spec CommandSpec spec;

  SimulateCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    if (targetUrl.getScheme() == null
        || !targetUrl.getScheme().startsWith("http")
        || targetUrl.getHost() == null) {
      throw new InvalidInputException(
          "--target is the http(s) URL of a Civitas, was " + targetUrl, "target");
    }
    URI broker = mqtt != null ? mqtt : URI.create("tcp://" + targetUrl.getHost() + ":1883");
    String secret =
        lorawanSecret != null ? lorawanSecret : env.get("CIVITAS_LORAWAN_WEBHOOK_SECRET");
    String key = apiKey != null ? apiKey : env.get("CIVITAS_API_KEY");
    CityDriver driver =
        CityDriver.provision(
            simulator, new Target(targetUrl, broker, secret, key), Duration.ZERO, DEFAULT_SPEED);
    PrintWriter out = spec.commandLine().getOut();
    driver.printCounts(out);
    AtomicBoolean closed = new AtomicBoolean();
    Runnable shutdown =
        () -> {
          if (closed.compareAndSet(false, true)) {
            try {
              driver.stop();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              driver.close();
            }
          }
        };
    Thread hook = new Thread(shutdown, "civitas-simulate-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    driver.run(out, () -> {});
    if (!closed.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
      shutdown.run();
    }
    return 0;
  }
}
