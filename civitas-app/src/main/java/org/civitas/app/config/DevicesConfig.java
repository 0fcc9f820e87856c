package org.civitas.app.config;

import java.time.Duration;
import java.util.List;

/**
 * The device registry's background work.
 *
 * @param healthInterval how long between two assessments of every device's health
 */
public record DevicesConfig(Duration healthInterval) {

  static final Setting HEALTH_INTERVAL =
      Setting.of(
          "devices",
          "health-interval",
          "60",
          "Seconds between two assessments of every device's health (GET /api/v1/devices/health)");
  static final List<Setting> SETTINGS = List.of(HEALTH_INTERVAL);

  static DevicesConfig read(SettingsReader settings) {
    return new DevicesConfig(Duration.ofSeconds(settings.integer(HEALTH_INTERVAL, 1, 86_400)));
  }
}
