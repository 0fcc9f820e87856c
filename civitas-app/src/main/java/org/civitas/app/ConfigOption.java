package org.civitas.app;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.civitas.app.config.ConfigLoader;
import org.civitas.app.config.LoadedConfig;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by every command that reads the configuration. */
final class ConfigOption {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Config file of section.key=value lines (default: ./"
              + ConfigLoader.DEFAULT_FILE
              + " when present). CIVITAS_<SECTION>_<KEY> environment variables override it.")
  Path file;

  LoadedConfig load(Map<String, String> env, Path workingDir) {
    return ConfigLoader.load(Optional.ofNullable(file), workingDir, env);
  }
}
