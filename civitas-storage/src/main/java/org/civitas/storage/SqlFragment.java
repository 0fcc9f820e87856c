package org.civitas.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of SQL with the values of its {@code ?} placeholders, in order. Fragments are only ever
 * concatenated, so placeholders and values cannot drift apart, and values are never written into
 * the SQL text.
 */
record SqlFragment(String sql, List<Object> parameters) {

  SqlFragment {
    parameters = List.copyOf(parameters);
  }

  /** SQL without parameters; only ever called with text the translator itself wrote. */
  static SqlFragment text(String sql) {
    return new SqlFragment(sql, List.of());
  }

  /** One bound value, cast so that both engines know its type wherever it stands. */
  static SqlFragment bound(Object value, String sqlType) {
    return new SqlFragment("CAST(? AS " + sqlType + ")", List.of(value));
  }

  /** The parts in order: each a {@link SqlFragment} or SQL text written by the translator. */
  static SqlFragment of(Object... parts) {
    StringBuilder sql = new StringBuilder();
    List<Object> parameters = new ArrayList<>();
    for (Object part : parts) {
      switch (part) {
        case SqlFragment fragment -> {
          sql.append(fragment.sql);
          parameters.addAll(fragment.parameters);
        }
        case String text -> sql.append(text);
        default -> throw new IllegalArgumentException("not SQL: " + part);
      }
    }
    return new SqlFragment(sql.toString(), parameters);
  }
}
