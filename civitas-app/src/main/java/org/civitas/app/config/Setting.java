package org.civitas.app.config;

import java.util.Locale;

/**
 * One configuration key with its default, declared beside the settings record that reads it.
 *
 * @param section the first part of the key, e.g. {@code http}
 * @param key the second part, lower case with dashes, e.g. {@code public-url}
 * @param defaultValue the value when neither the file nor the environment sets one ({@code ""} for
 *     none)
 * @param meaning one line for the operator, shown in {@code civitas config} and the README
 * @param secret whether the value is masked wherever it is shown
 */
public record Setting(
    String section, String key, String defaultValue, String meaning, boolean secret) {

  static Setting of(String section, String key, String defaultValue, String meaning) {
    return new Setting(section, key, defaultValue, meaning, false);
  }

  static Setting secret(String section, String key, String meaning) {
    return new Setting(section, key, "", meaning, true);
  }

  /** The key in the config file, e.g. {@code http.public-url}. */
  public String name() {
    return section + "." + key;
  }

  /**
   * The overriding environment variable, e.g. {@code CIVITAS_HTTP_PUBLIC_URL} ({@code
   * lorawan.tts.api-key} is {@code CIVITAS_LORAWAN_TTS_API_KEY}).
   */
  public String envName() {
    return ("CIVITAS_" + section + "_" + key)
        .toUpperCase(Locale.ROOT)
        .replace('-', '_')
        .replace('.', '_');
  }
}
