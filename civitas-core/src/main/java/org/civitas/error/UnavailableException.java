package org.civitas.error;

import java.time.Duration;
import java.util.Optional;

/** Civitas cannot serve the request now (storage down, ingest queue full); the client may retry. */
public final class UnavailableException extends CivitasException {
  private final transient Duration retryAfter;
  private final boolean overloaded;

  public UnavailableException(String message, Throwable cause) {
    super(message, null, cause);
    this.retryAfter = null;
    this.overloaded = false;
  }

  private UnavailableException(String message, Duration retryAfter) {
    super(message, null, null);
    this.retryAfter = retryAfter;
    this.overloaded = true;
  }

  /**
   * Civitas works but has more to do than it can take now (the ingest queue is full): the client
   * should slow down and retry after about {@code retryAfter}.
   */
  public static UnavailableException overloaded(String message, Duration retryAfter) {
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
    }
    return new UnavailableException(message, retryAfter);
  }

  /** True when the cause is load (a full queue) rather than a component that is down. */
  public boolean overloaded() {
    return overloaded;
  }

  /** How long the client should wait before retrying, when Civitas can estimate it. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public String code() {
    return "unavailable";
  }
}
