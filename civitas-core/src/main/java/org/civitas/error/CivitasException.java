package org.civitas.error;

import java.util.Optional;

/**
 * The one error hierarchy of Civitas. Each kind has a stable {@link #code()} that clients can rely
 * on; the HTTP layer turns it into an RFC 9457 problem document in one place.
 */
public abstract sealed class CivitasException extends RuntimeException
    permits NotFoundException,
        InvalidInputException,
        ConflictException,
        UnavailableException,
        UnauthorizedException,
        ForbiddenException {

  private final String field;

  protected CivitasException(String message, String field, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** A stable, machine-readable code such as {@code not-found} or {@code invalid}. */
  public abstract String code();

  /** The offending field of the request (a JSON property or query option), when there is one. */
  public Optional<String> field() {
    return Optional.ofNullable(field);
  }
}
