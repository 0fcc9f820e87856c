package org.civitas.rules.notify.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One try to deliver: when, whether it worked, and what the other side or the network said (an HTTP
 * status, an SMTP reply, an exception's message).
 */
public record DeliveryAttempt(int number, Instant at, boolean succeeded, String outcome) {
  public DeliveryAttempt {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(outcome, "outcome");
  }
}
