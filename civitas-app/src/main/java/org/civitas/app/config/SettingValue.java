package org.civitas.app.config;

/**
 * The effective value of one setting and where it came from.
 *
 * @param setting the key
 * @param text the raw value, before parsing
 * @param origin {@code default}, {@code file <path>} or {@code env <NAME>}
 */
public record SettingValue(Setting setting, String text, String origin) {

  /**
   * The value as it may be shown to a person: secrets are masked, and so is a password written into
   * a URL ({@code ...?password=...}); empty values are marked.
   */
  public String displayText() {
    if (text.isEmpty()) {
      return "(none)";
    }
    return setting.secret() ? "********" : withoutPasswords(text);
  }

  /** Masks {@code password=...} parameters, as JDBC URLs may carry them. */
  public static String withoutPasswords(String text) {
    return text.replaceAll("(?i)(password=)[^&;]*", "$1********");
  }
}
