package org.civitas.storage;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.UnavailableException;

/**
 * Turns SQL errors into the Civitas error hierarchy, once, at the storage boundary. Errors the
 * store can explain better (a missing referenced entity) are checked before they reach the
 * database; what arrives here is classified by SQLSTATE, which H2 and PostgreSQL share.
 */
final class SqlErrors {
  private SqlErrors() {}

  /**
   * @param action what the store was doing, e.g. {@code "creating a Thing"}
   */
  static RuntimeException translate(SQLException error, String action) {
    String state = error.getSQLState() == null ? "" : error.getSQLState();
    if (error instanceof SQLTransientConnectionException
        || state.startsWith("08")
        || state.startsWith("57")
        || state.startsWith("53")
        || state.equals("HYT00")
        || state.equals("HY008")
        || state.equals("40001")
        || state.equals("40P01")) {
      // Connection lost, server shutting down, out of resources, lock or statement timeout,
      // deadlock: nothing is wrong with the request, so the client may retry.
      return new UnavailableException(
          "storage is unavailable while " + action + ": " + error.getMessage(), error);
    }
    if (state.startsWith("22")) {
      // Data exception: a value too long for its column (H2 caps VARCHAR at 1,000,000
      // characters), out of range, or not convertible.
      return new InvalidInputException(
          "a value cannot be stored while " + action + ": " + error.getMessage(), null, error);
    }
    return switch (state) {
      case "23505" ->
          new ConflictException("a duplicate while " + action + ": " + error.getMessage(), null);
      case "23503", "23506" ->
          new InvalidInputException(
              "a referenced entity does not exist while " + action + ": " + error.getMessage(),
              null,
              error);
      case "23502", "23513", "23514" ->
          new InvalidInputException(
              "the data breaks a rule of the model while " + action + ": " + error.getMessage(),
              null,
              error);
      case "0A000" ->
          // Feature not supported: a request this database cannot answer (a geospatial filter
          // on a PostgreSQL without PostGIS). The message says what is missing.
          new InvalidInputException(
              "not supported by this database while " + action + ": " + error.getMessage(),
              null,
              error);
      default ->
          new IllegalStateException(
              "storage failed while " + action + " (SQLSTATE " + state + ")", error);
    };
  }
}
