package org.civitas.app.config;

import java.util.List;

/**
 * Server-driven paging of entity collections.
 *
 * @param defaultTop entities per page when the client gives no {@code $top}
 * @param maxTop the largest page served, whatever {@code $top} asks for
 */
public record PagingConfig(int defaultTop, int maxTop) {

  static final Setting DEFAULT_TOP =
      Setting.of("paging", "default-top", "100", "Entities per page when a request has no $top");
  static final Setting MAX_TOP =
      Setting.of("paging", "max-top", "10000", "Largest page served; a larger $top gets this many");
  static final List<Setting> SETTINGS = List.of(DEFAULT_TOP, MAX_TOP);

  private static final int LIMIT = 1_000_000;

  static PagingConfig read(SettingsReader settings) {
    int defaultTop = settings.integer(DEFAULT_TOP, 1, LIMIT);
    int maxTop = settings.integer(MAX_TOP, 1, LIMIT);
    if (maxTop < defaultTop) {
      settings.problem(MAX_TOP, "must be at least paging.default-top (" + defaultTop + ")");
    }
    return new PagingConfig(defaultTop, maxTop);
  }
}
