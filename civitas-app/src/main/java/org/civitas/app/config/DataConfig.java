package org.civitas.app.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Local state of this node.
 *
 * @param dir absolute directory of the embedded database (and later other local files)
 */
public record DataConfig(Path dir) {

  static final Setting DIR =
      Setting.of(
          "data",
          "dir",
          "./data",
          "Directory of the embedded database; relative paths start at the working directory");
  static final List<Setting> SETTINGS = List.of(DIR);

  static DataConfig read(SettingsReader settings) {
    return new DataConfig(settings.path(DIR));
  }
}
