package org.civitas.simulator.client;

/** The platform could not be reached or answered what the simulator cannot go on from. */
public final class PlatformException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  PlatformException(String message) {
    super(message);
  }

  PlatformException(String message, Throwable cause) {
    super(message, cause);
  }
}
