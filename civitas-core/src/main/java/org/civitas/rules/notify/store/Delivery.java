package org.civitas.rules.notify.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.civitas.sensing.model.Json;

/**
 * One notification of one alarm event on one channel, and its attempts so far.
 *
 * @param event raised, escalated, acknowledged or cleared
 * @param payload the event's JSON, sent byte for byte the same on every attempt
 * @param nextAt when it is due (next); meaningless once delivered or dead
 */
public record Delivery(
    long id,
    String channel,
    long alarmId,
    String event,
    Json payload,
    DeliveryState state,
    Instant createdAt,
    Instant nextAt,
    List<DeliveryAttempt> attempts) {
  public Delivery {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(state, "state");
    attempts = List.copyOf(attempts);
  }
}
