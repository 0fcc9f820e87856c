package org.civitas.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.civitas.app.config.LoadedConfig;
import org.civitas.app.config.SettingValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code civitas config}: validates and prints the effective configuration, secrets masked. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description =
        "Validates the configuration and prints every setting, where it came from,"
            + " with secrets masked.")
final class ConfigCommand implements Callable<Integer> {

  private final Map<String, String> env;
  private final Path workingDir;

  @Mixin ConfigOption configOption;

  @Spec CommandSpec spec;

  ConfigCommand(Map<String, String> env, Path workingDir) {
    this.env = env;
    this.workingDir = workingDir;
  }

  @Override
  public Integer call() {
    LoadedConfig loaded = configOption.load(env, workingDir);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "# Effective Civitas configuration ("
            + loaded.file().map(file -> "config file " + file).orElse("no config file")
            + ")");
    for (SettingValue value : loaded.values()) {
      out.printf(
          "%-20s = %-40s # %s%n", value.setting().name(), value.displayText(), value.origin());
    }
    out.flush();
    return 0;
  }
}
