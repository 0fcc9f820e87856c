package org.civitas.web;

import java.util.Optional;

/**
 * What the console needs from the node's configuration.
 *
 * @param tileUrl a map tile URL template ({@code https://tiles.example/{z}/{x}/{y}.png}) drawn
 *     under the districts; empty keeps the map offline, districts and devices as vector layers only
 */
public record ConsoleSettings(Optional<String> tileUrl) {

  public ConsoleSettings {
    tileUrl = tileUrl.filter(url -> !url.isBlank());
  }

  /** Offline: no tiles. */
  public static ConsoleSettings offline() {
    return new ConsoleSettings(Optional.empty());
  }
}
