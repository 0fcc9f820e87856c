package org.civitas.rules.cap.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.civitas.sensing.model.Json;

/**
 * One public alert message as stored: its CAP 1.2 XML as published, and a JSON summary of the same
 * message that the API lists and the next message of its chain is built from.
 *
 * @param identifier the CAP identifier, unique for every message ever issued
 * @param chain the identifier of the chain's first message (its {@code Alert}); an Alert's chain is
 *     its own identifier
 * @param position 0 for the Alert, then 1, 2... for each Update and the final Cancel, gapless
 * @param msgType {@code Alert}, {@code Update} or {@code Cancel}
 * @param sent when it was issued, whole seconds
 * @param expires the CAP {@code expires} of its info; null when it has none
 * @param origin what issues the chain's messages: {@code rule:<ruleId> <source>} for a rule, null
 *     for an operator
 * @param outcomeKey for a message a rule outcome caused, that outcome's key (rule, source,
 *     transition, time): a replayed outcome finds it taken; null otherwise
 * @param xml the CAP 1.2 document, valid against the schema
 * @param summary the message as a JSON object
 */
public record StoredAlertMessage(
    String identifier,
    String chain,
    int position,
    String msgType,
    Instant sent,
    Instant expires,
    String origin,
    String outcomeKey,
    String xml,
    Json summary) {

  public StoredAlertMessage {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(msgType, "msgType");
    Objects.requireNonNull(sent, "sent");
    Objects.requireNonNull(xml, "xml");
    Objects.requireNonNull(summary, "summary");
    if (position < 0) {
      throw new IllegalArgumentException("a position is 0 or more, was " + position);
    }
  }

  /** Whether this message ends its chain. */
  public boolean isCancel() {
    return msgType.equals("Cancel");
  }

  public Optional<Instant> expiry() {
    return Optional.ofNullable(expires);
  }
}
