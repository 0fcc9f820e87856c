package org.civitas.error;

/** The request is malformed or breaks a rule of the data model; nothing was changed. */
public final class InvalidInputException extends CivitasException {
  public InvalidInputException(String message, String field) {
    super(message, field, null);
  }

  public InvalidInputException(String message, String field, Throwable cause) {
    super(message, field, cause);
  }

  @Override
  public String code() {
    return "invalid";
  }
}
