package org.civitas.error;

/** Civitas cannot serve the request now (storage down, ingest queue full); the client may retry. */
public final class UnavailableException extends CivitasException {
  public UnavailableException(String message, Throwable cause) {
    super(message, null, cause);
  }

  @Override
  public String code() {
    return "unavailable";
  }
}
