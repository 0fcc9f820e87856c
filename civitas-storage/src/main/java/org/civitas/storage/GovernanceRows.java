package org.civitas.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What the governance stores (consent, retention, subject requests) share when they write and read
 * rows: generated ids, parameter binding, and enum columns read back.
 */
final class GovernanceRows {
  private GovernanceRows() {}

  /** Binds a statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** The identity value the statement (prepared to return its id column) generated. */
  static long generated(PreparedStatement insert) throws SQLException {
    try (ResultSet keys = insert.getGeneratedKeys()) {
      if (!keys.next()) {
        throw new SQLException("the database returned no generated id");
      }
      return keys.getLong(1);
    }
  }

  /**
   * The enum constant a stored wire name stands for; a name the code does not know means the
   * schema's CHECK constraint and the code disagree, which is a bug, not bad input.
   */
  static <T> T wire(Optional<T> parsed, String stored) {
    return parsed.orElseThrow(
        () -> new IllegalStateException("unknown value '" + stored + "' stored"));
  }

  /** A nullable string column as an Optional. */
  static Optional<String> text(ResultSet row, int index) throws SQLException {
    return Optional.ofNullable(row.getString(index));
  }
}
