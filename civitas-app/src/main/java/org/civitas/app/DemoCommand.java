package org.civitas.app;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.civitas.app.config.ConfigLoader;
import org.civitas.app.config.LoadedConfig;
import org.civitas.app.config.SettingValue;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Role;
import org.civitas.simulator.client.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code civitas demo}: serves as {@code civitas serve} does, with the same configuration, and runs
 * the simulated city Brennhaven against itself over the public protocols (its devices on MQTT, HTTP
 * and LoRaWAN webhooks, at the embedded broker's actual port). The city starts {@link
 * #DEFAULT_BACKFILL} ago: that past is replayed first (the console is reachable meanwhile), so the
 * planted faults are in the health report when it ends; then the city runs in step with the clock.
 * When no LoRaWAN webhook secret is configured, one is generated for the run. Stops gracefully on
 * SIGTERM or Ctrl-C: the simulator first (what it has in flight is acknowledged), then the node.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Serves Civitas with the simulated city Brennhaven reporting to it over MQTT, HTTP and"
            + " LoRaWAN webhooks: the last "
            + DemoCommand.DEFAULT_BACKFILL_TEXT
            + " replayed at once (planted faults included), then in real time; stops gracefully"
            + " on SIGTERM or Ctrl-C.")
final class DemoCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

  /**
   * How long before now the demo city starts by default, replayed at once: long enough that the
   * planted silent (6-18 h in), stuck (4-12 h) and drifting (1-3 h) devices show in the health
   * report and the fridge door (10:00-13:00 on the first day it can, so within 27 h) has been open
   * and shut again. The leak (the second night) and the flood (28-38 h in) may still be to come.
   */
  static final String DEFAULT_BACKFILL_TEXT = "30h";

  static final Duration DEFAULT_BACKFILL = Duration.ofHours(30);

  /** The demo's pace after the backfill: in step with the platform's clock. */
  static final int DEFAULT_SPEED = 1;

  /** The setting of the LoRaWAN webhook secret (contract 2), generated for the run if unset. */
  static final String WEBHOOK_SECRET = "lorawan.webhook-secret";

  private final Map<String, String> env;
  private final Path workingDir;

  @Mixin ConfigOption configOption;
  @Mixin SimulatorOptions simulator;
  @Spec CommandSpec spec;

  DemoCommand(Map<String, String> env, Path workingDir) {
    this.env = env;
    this.workingDir = workingDir;
  }

  @Override
  public Integer call() throws InterruptedException {
    LoadedConfig loaded = withWebhookSecret(configOption.load(env, workingDir));
    LOG.info("Civitas {} starting the demo", CivitasVersion.current());
    RunningCivitas civitas = RunningCivitas.start(loaded.config());
    PrintWriter out = spec.commandLine().getOut();
    CityDriver driver;
    try {
      driver =
          CityDriver.provision(simulator, target(civitas, loaded), DEFAULT_BACKFILL, DEFAULT_SPEED);
    } catch (RuntimeException e) {
      civitas.close();
      throw e;
    }
    driver.printCounts(out);
    printConsole(out, civitas);

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
              civitas.close();
            }
          }
        };
    Thread hook = new Thread(shutdown, "civitas-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    // The console answers during the backfill too; it is shown again once the report is current.
    driver.run(out, () -> printConsole(out, civitas));
    // The run ended by itself (a replay, --duration): stop as a signal would.
    if (!closed.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
      shutdown.run();
    }
    return 0;
  }

  private static void printConsole(PrintWriter out, RunningCivitas civitas) {
    out.printf(
        "Console: http://localhost:%d/console/  (API http://localhost:%d/v1.1, Ctrl-C stops)%n",
        civitas.port(), civitas.port());
    civitas
        .adminPasswordFile()
        .ifPresent(
            file ->
                out.printf(
                    "Sign in as %s with the password in %s%n",
                    org.civitas.governance.identity.IdentityService.FIRST_ADMINISTRATOR, file));
    out.flush();
  }

  /**
   * What the demo's simulator may do: it provisions the devices and rules of every department and,
   * standing in for the city's data protection officer, enters and approves the register of
   * purposes and technologies and classifies the Datastreams.
   */
  static final Set<Role> SIMULATOR_ROLES = simulatorRoles();

  private static Set<Role> simulatorRoles() {
    Set<Role> roles = new java.util.HashSet<>();
    for (Department department : Department.values()) {
      roles.add(new Role.Operator(department));
    }
    roles.add(new Role.DataProtectionOfficer());
    return Set.copyOf(roles);
  }

  /** The node's own addresses, as the simulator reaches them. */
  static Target target(RunningCivitas civitas, LoadedConfig loaded) {
    URI mqtt =
        civitas.mqttPort().isPresent()
            ? URI.create("tcp://localhost:" + civitas.mqttPort().getAsInt())
            : null;
    String key = civitas.issueApiKey("demo-simulator", SIMULATOR_ROLES, "demo").token();
    return new Target(
        URI.create("http://localhost:" + civitas.port()),
        mqtt,
        webhookSecret(loaded).orElse(null),
        key);
  }

  /** The configured LoRaWAN webhook secret; empty when unset or this build has no such setting. */
  static Optional<String> webhookSecret(LoadedConfig loaded) {
    return loaded.values().stream()
        .filter(v -> v.setting().name().equals(WEBHOOK_SECRET))
        .map(SettingValue::text)
        .filter(text -> !text.isBlank())
        .findFirst();
  }

  /**
   * The configuration with a random webhook secret when the setting exists and is unset, so that
   * the demo's LoRaWAN devices can post to the node's webhook.
   */
  private LoadedConfig withWebhookSecret(LoadedConfig loaded) {
    Optional<SettingValue> setting =
        loaded.values().stream().filter(v -> v.setting().name().equals(WEBHOOK_SECRET)).findFirst();
    if (setting.isEmpty() || !setting.get().text().isBlank()) {
      return loaded;
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Map<String, String> withSecret = new HashMap<>(env);
    withSecret.put(
        setting.get().setting().envName(),
        Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    LOG.info("No {} configured: the demo generated one for this run", WEBHOOK_SECRET);
    return ConfigLoader.load(Optional.ofNullable(configOption.file), workingDir, withSecret);
  }
}
