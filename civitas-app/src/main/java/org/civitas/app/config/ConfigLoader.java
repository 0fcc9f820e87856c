package org.civitas.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the configuration: defaults, then the config file, then {@code CIVITAS_<SECTION>_<KEY>}
 * environment variables, each overriding the one before. Every problem is collected (unknown keys
 * included, since a misspelt key silently falling back to its default is the worst kind of
 * misconfiguration) and reported together in one {@link InvalidConfigurationException}.
 */
public final class ConfigLoader {

  /** Read from the working directory when present and no {@code --config} is given. */
  public static final String DEFAULT_FILE = "civitas.properties";

  static final String ENV_PREFIX = "CIVITAS_";

  /** Reserved for the test suites (e.g. {@code CIVITAS_TEST_POSTGRES_URL}); never a setting. */
  static final String TEST_ENV_PREFIX = "CIVITAS_TEST_";

  private ConfigLoader() {}

  /**
   * Loads and validates the configuration.
   *
   * @param explicitFile the {@code --config} file, which must exist; empty to use {@value
   *     #DEFAULT_FILE} if the working directory has one
   * @param workingDir resolves relative paths (the config file and {@code data.dir})
   * @param env the environment variables (injected so tests need not change the real ones)
   * @throws InvalidConfigurationException listing every problem found
   */
  public static LoadedConfig load(
      Optional<Path> explicitFile, Path workingDir, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Map<Setting, SettingValue> values = new LinkedHashMap<>();
    for (Setting setting : CivitasConfig.SETTINGS) {
      values.put(setting, new SettingValue(setting, setting.defaultValue(), "default"));
    }

    Optional<Path> file =
        explicitFile
            .map(workingDir::resolve)
            .or(() -> Optional.of(workingDir.resolve(DEFAULT_FILE)).filter(Files::isRegularFile));
    file.ifPresent(path -> readFile(path, values, problems));
    readEnvironment(env, values, problems);

    SettingsReader reader = new SettingsReader(values, workingDir);
    CivitasConfig config = CivitasConfig.read(reader);
    problems.addAll(reader.problems());
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new LoadedConfig(config, List.copyOf(values.values()), file);
  }

  private static void readFile(
      Path file, Map<Setting, SettingValue> values, List<String> problems) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      problems.add("config file " + file + " cannot be read: " + e.getMessage());
      return;
    }
    Map<String, Setting> byName = index(Setting::name);
    // Sorted, so that problems come out in a stable order.
    for (String name : new TreeSet<>(properties.stringPropertyNames())) {
      Setting setting = byName.get(name.trim());
      if (setting == null) {
        problems.add(
            "unknown key '" + name + "' in " + file + suggestion(name.trim(), byName.keySet()));
      } else {
        values.put(
            setting, new SettingValue(setting, properties.getProperty(name), "file " + file));
      }
    }
  }

  private static void readEnvironment(
      Map<String, String> env, Map<Setting, SettingValue> values, List<String> problems) {
    Map<String, Setting> byEnvName = index(Setting::envName);
    for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
      String name = variable.getKey();
      if (!name.startsWith(ENV_PREFIX) || name.startsWith(TEST_ENV_PREFIX)) {
        continue;
      }
      Setting setting = byEnvName.get(name);
      if (setting == null) {
        problems.add("unknown environment variable " + name + suggestion(name, byEnvName.keySet()));
      } else {
        values.put(setting, new SettingValue(setting, variable.getValue(), "env " + name));
      }
    }
  }

  private static Map<String, Setting> index(Function<Setting, String> key) {
    return CivitasConfig.SETTINGS.stream()
        .collect(Collectors.toMap(key, Function.identity(), (a, b) -> a, LinkedHashMap::new));
  }

  /** Points at the known name a typo most likely meant. */
  static String suggestion(String unknown, Collection<String> known) {
    return known.stream()
        .filter(name -> editDistance(unknown, name) <= 3)
        .min(Comparator.comparingInt(name -> editDistance(unknown, name)))
        .map(name -> " (did you mean " + name + "?)")
        .orElse("; known keys: " + String.join(", ", known));
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
