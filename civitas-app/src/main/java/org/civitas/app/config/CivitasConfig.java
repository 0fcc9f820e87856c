package org.civitas.app.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.civitas.storage.StorageKind;

/**
 * The whole configuration of a Civitas node, one record per section. Built only by {@link
 * ConfigLoader}, which validates it as a whole.
 */
public record CivitasConfig(
    HttpConfig http,
    DataConfig data,
    StorageConfig storage,
    PagingConfig paging,
    MqttConfig mqtt,
    DevicesConfig devices,
    LorawanConfig lorawan,
    ConsoleConfig console,
    AlertsConfig alerts,
    AuthConfig auth,
    GovernanceConfig governance) {

  /** Every key Civitas reads, in the order they are documented. */
  public static final List<Setting> SETTINGS =
      Stream.of(
              HttpConfig.SETTINGS,
              DataConfig.SETTINGS,
              StorageConfig.SETTINGS,
              PagingConfig.SETTINGS,
              MqttConfig.SETTINGS,
              DevicesConfig.SETTINGS,
              LorawanConfig.SETTINGS,
              ConsoleConfig.SETTINGS,
              AlertsConfig.SETTINGS,
              AuthConfig.SETTINGS,
              GovernanceConfig.SETTINGS)
          .flatMap(List::stream)
          .toList();

  static CivitasConfig read(SettingsReader settings) {
    CivitasConfig config =
        new CivitasConfig(
            HttpConfig.read(settings),
            DataConfig.read(settings),
            StorageConfig.read(settings),
            PagingConfig.read(settings),
            MqttConfig.read(settings),
            DevicesConfig.read(settings),
            LorawanConfig.read(settings),
            ConsoleConfig.read(settings),
            AlertsConfig.read(settings),
            AuthConfig.read(settings),
            GovernanceConfig.read(settings));
    if (config.storage().kind() == StorageKind.EMBEDDED) {
      checkUsableDataDirectory(config.data().dir(), settings);
    }
    if (settings.problems().isEmpty()) {
      // The storage module's own rules, as a guard should they grow beyond the ones above.
      config.storage().toStorageSettings(config.data().dir()).problems().stream()
          .map(problem -> "storage: " + problem)
          .forEach(settings.problems()::add);
    }
    return config;
  }

  /**
   * The embedded engine creates its files under the data directory on start; checking here turns a
   * stack trace from deep inside the database into one line the operator can act on. Nothing is
   * created: {@code civitas config} must not leave directories behind.
   */
  private static void checkUsableDataDirectory(Path dir, SettingsReader settings) {
    Path existing = dir;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      settings.problem(DataConfig.DIR, "expected a directory on an existing file system");
    } else if (!Files.isDirectory(existing)) {
      settings.problem(
          DataConfig.DIR, "expected a directory, but " + existing + " is not a directory");
    } else if (!Files.isWritable(existing)) {
      settings.problem(
          DataConfig.DIR,
          "expected a writable directory, but " + existing + " is not writable by this user");
    }
  }
}
