package org.civitas.app.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A valid configuration together with the raw values it was built from, for {@code civitas config}.
 *
 * @param config the typed configuration
 * @param values every setting's effective value and origin, in documentation order
 * @param file the config file that was read, if any
 */
public record LoadedConfig(CivitasConfig config, List<SettingValue> values, Optional<Path> file) {
  public LoadedConfig {
    values = List.copyOf(values);
  }
}
