package org.civitas.error;

/** What was asked for does not exist (any more). */
public final class NotFoundException extends CivitasException {
  public NotFoundException(String message) {
    super(message, null, null);
  }

  public NotFoundException(String message, String field) {
    super(message, field, null);
  }

  @Override
  public String code() {
    return "not-found";
  }
}
