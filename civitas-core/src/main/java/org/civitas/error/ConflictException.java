package org.civitas.error;

/** The request contradicts what is stored (a reference still in use, a duplicate). */
public final class ConflictException extends CivitasException {
  public ConflictException(String message, String field) {
    super(message, field, null);
  }

  @Override
  public String code() {
    return "conflict";
  }
}
