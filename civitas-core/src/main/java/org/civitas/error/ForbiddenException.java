package org.civitas.error;

/**
 * The principal is known but may not do this: another department's data, personal data without a
 * purpose it holds, a change only the data protection officer may make. HTTP 403; the field names
 * what would have to change (the {@code Civitas-Purpose} header, a JSON property).
 */
public final class ForbiddenException extends CivitasException {
  private final String code;

  public ForbiddenException(String message, String field) {
    this("forbidden", message, field);
  }

  /**
   * With a more specific stable code than {@code forbidden}, e.g. {@code purpose-required} or
   * {@code not-approved}.
   */
  public ForbiddenException(String code, String message, String field) {
    super(message, field, null);
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }
}
