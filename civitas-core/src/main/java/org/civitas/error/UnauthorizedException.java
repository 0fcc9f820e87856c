package org.civitas.error;

/**
 * The request needs a principal and has none, or its credentials are not valid: HTTP 401. The field
 * names where credentials were expected (the {@code Authorization} header).
 */
public final class UnauthorizedException extends CivitasException {
  public UnauthorizedException(String message, String field) {
    super(message, field, null);
  }

  @Override
  public String code() {
    return "unauthorized";
  }
}
