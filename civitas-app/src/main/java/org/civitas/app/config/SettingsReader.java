package org.civitas.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Parses the raw setting values into typed ones, collecting every problem instead of stopping at
 * the first, so that an operator fixes the whole file in one go. A value that fails to parse reads
 * as its default (or a neutral value) so that reading can go on.
 */
final class SettingsReader {

  private final Map<Setting, SettingValue> values;
  private final List<String> problems = new ArrayList<>();

  private final Path workingDir;

  SettingsReader(Map<Setting, SettingValue> values, Path workingDir) {
    this.values = values;
    this.workingDir = workingDir;
  }

  List<String> problems() {
    return problems;
  }

  void problem(Setting setting, String expected) {
    SettingValue value = values.get(setting);
    String found = setting.secret() ? "" : ", found '" + value.text() + "'";
    problems.add(setting.name() + " (" + value.origin() + "): " + expected + found);
  }

  String text(Setting setting) {
    return values.get(setting).text().trim();
  }

  /** The raw value, untrimmed: passwords may end in a space. */
  String secret(Setting setting) {
    return values.get(setting).text();
  }

  int integer(Setting setting, int min, int max) {
    String text = text(setting);
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with what was expected
    }
    problem(setting, "expected a whole number from " + min + " to " + max);
    return Math.max(min, Integer.parseInt(setting.defaultValue()));
  }

  boolean bool(Setting setting) {
    String text = text(setting);
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    problem(setting, "expected true or false");
    return Boolean.parseBoolean(setting.defaultValue());
  }

  /** Whether the operator set this value (in the file or the environment) rather than defaulted. */
  boolean chosen(Setting setting) {
    return !values.get(setting).origin().equals("default");
  }

  <E extends Enum<E>> E choice(Setting setting, Class<E> type) {
    String text = text(setting);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    problem(
        setting,
        "expected one of "
            + Arrays.stream(type.getEnumConstants())
                .map(constant -> constant.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
    return Enum.valueOf(type, setting.defaultValue().toUpperCase(Locale.ROOT));
  }

  Path path(Setting setting) {
    String text = text(setting);
    try {
      if (!text.isEmpty()) {
        return workingDir.resolve(text).toAbsolutePath().normalize();
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    problem(setting, "expected a file system path");
    return workingDir.resolve(setting.defaultValue()).toAbsolutePath().normalize();
  }

  /** An optional absolute http(s) URL; empty means not set. */
  Optional<URI> httpUrl(Setting setting) {
    String text = text(setting);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      if (uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return Optional.of(uri);
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problem(setting, "expected an absolute http or https URL such as https://city.example/api");
    return Optional.empty();
  }
}
