package org.civitas.app.config;

import java.util.List;

/**
 * Public alerts in OASIS CAP 1.2.
 *
 * @param sender the CAP {@code <sender>} of every message issued
 */
public record AlertsConfig(String sender) {

  static final Setting SENDER =
      Setting.of(
          "alerts",
          "sender",
          "civitas@localhost",
          "CAP sender of the public alerts, unique to this city (e.g. alerts@city.example)");
  static final List<Setting> SETTINGS = List.of(SENDER);

  static AlertsConfig read(SettingsReader settings) {
    String sender = settings.text(SENDER);
    // CAP 1.2, 3.2.1: the sender has no spaces, commas or restricted characters (< and &).
    if (sender.isEmpty() || sender.matches(".*[\\s,<&].*")) {
      settings.problem(
          SENDER,
          "expected an identifier of the city as sender, such as alerts@city.example, without"
              + " spaces, commas, < or &");
    }
    return new AlertsConfig(sender);
  }
}
