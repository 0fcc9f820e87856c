package org.civitas.app;

import java.nio.file.Path;
import java.util.Map;
import org.civitas.app.config.InvalidConfigurationException;
import org.civitas.error.CivitasException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code civitas} command line: the entry point of the jar. */
@Command(
    name = "civitas",
    mixinStandardHelpOptions = true,
    versionProvider = CivitasVersion.class,
    description = "Civitas, an open-source smart-city platform.",
    subcommandsRepeatable = false)
public final class Civitas implements Runnable {

  /** The configuration is invalid (sysexits' EX_CONFIG), so a supervisor need not retry. */
  public static final int EXIT_INVALID_CONFIG = 78;

  /** Civitas could not start or failed while running. */
  public static final int EXIT_FAILED = 1;

  private static final Logger LOG = LoggerFactory.getLogger(Civitas.class);

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine(System.getenv(), Path.of("").toAbsolutePath()).execute(args));
  }

  /**
   * The command line with its subcommands, reading the given environment and resolving relative
   * paths against {@code workingDir}; tests pass their own of both.
   */
  public static CommandLine commandLine(Map<String, String> env, Path workingDir) {
    CommandLine commandLine =
        new CommandLine(new Civitas())
            .addSubcommand(new ServeCommand(env, workingDir))
            .addSubcommand(new DemoCommand(env, workingDir))
            .addSubcommand(new SimulateCommand(env))
            .addSubcommand(new ConfigCommand(env, workingDir))
            .addSubcommand(new AuditCommand(env, workingDir));
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> {
          if (exception instanceof InvalidConfigurationException invalid) {
            failed.getErr().println("civitas: " + invalid.getMessage());
            failed.getErr().flush();
            return EXIT_INVALID_CONFIG;
          }
          if (exception instanceof CivitasException known) {
            // A condition the operator can act on (storage unreachable...): its message says it
            // all.
            LOG.error("civitas {} failed: {}", failed.getCommandName(), known.getMessage());
          } else {
            LOG.error("civitas {} failed: {}", failed.getCommandName(), exception, exception);
          }
          return EXIT_FAILED;
        });
    return commandLine;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "Missing command: try 'civitas demo', 'civitas serve' or 'civitas --help'");
  }
}
