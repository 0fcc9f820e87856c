package org.civitas.app.config;

import java.util.List;
import java.util.Optional;

/**
 * The operator console at {@code /console/}.
 *
 * @param tileUrl a map tile URL template drawn under the districts; empty keeps the map offline
 *     (districts and devices as vector layers, nothing fetched from outside)
 */
public record ConsoleConfig(Optional<String> tileUrl) {

  static final Setting TILE_URL =
      Setting.of(
          "console",
          "tile-url",
          "",
          "Map tile URL template for the console, e.g. https://tiles.example/{z}/{x}/{y}.png;"
              + " empty keeps the map offline (districts as a vector layer)");
  static final List<Setting> SETTINGS = List.of(TILE_URL);

  static ConsoleConfig read(SettingsReader settings) {
    String url = settings.text(TILE_URL);
    if (url.isEmpty()) {
      return new ConsoleConfig(Optional.empty());
    }
    boolean web = url.startsWith("https://") || url.startsWith("http://");
    if (!web || !url.contains("{z}") || !url.contains("{x}") || !url.contains("{y}")) {
      settings.problem(
          TILE_URL,
          "expected an http or https URL template with {z}, {x} and {y},"
              + " such as https://tiles.example/{z}/{x}/{y}.png");
      return new ConsoleConfig(Optional.empty());
    }
    return new ConsoleConfig(Optional.of(url));
  }
}
