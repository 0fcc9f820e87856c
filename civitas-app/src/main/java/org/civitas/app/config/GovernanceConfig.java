package org.civitas.app.config;

import java.time.Duration;
import java.util.List;

/**
 * The governance layer's background work and secrets.
 *
 * @param retentionInterval how long between two runs of the retention job
 * @param pseudonymKey the key of the pseudonyms readers see instead of data subjects' identifiers;
 *     empty for one kept in the data directory; never logged or shown
 */
public record GovernanceConfig(Duration retentionInterval, String pseudonymKey) {

  static final int MINIMUM_KEY_LENGTH = 32;

  static final Setting RETENTION_INTERVAL =
      Setting.of(
          "governance",
          "retention-interval",
          "3600",
          "Seconds between two runs of the retention job (GET /api/v1/governance/retention/reports)");
  static final Setting PSEUDONYM_KEY =
      Setting.secret(
          "governance",
          "pseudonym-key",
          "Key of the pseudonyms shown instead of data subjects' identifiers (at least 32"
              + " characters, the same on every node); unset, a random one is kept in"
              + " <data.dir>/pseudonym-key");
  static final List<Setting> SETTINGS = List.of(RETENTION_INTERVAL, PSEUDONYM_KEY);

  static GovernanceConfig read(SettingsReader settings) {
    Duration interval = Duration.ofSeconds(settings.integer(RETENTION_INTERVAL, 10, 86_400));
    String key = settings.secret(PSEUDONYM_KEY);
    if (!key.isEmpty() && key.length() < MINIMUM_KEY_LENGTH) {
      settings.problem(
          PSEUDONYM_KEY,
          "expected at least " + MINIMUM_KEY_LENGTH + " characters, e.g. openssl rand -hex 32");
    }
    return new GovernanceConfig(interval, key);
  }

  /** Never the key. */
  @Override
  public String toString() {
    return "GovernanceConfig[retentionInterval="
        + retentionInterval
        + ", pseudonymKey="
        + (pseudonymKey.isEmpty() ? "kept in data dir" : "***")
        + "]";
  }
}
