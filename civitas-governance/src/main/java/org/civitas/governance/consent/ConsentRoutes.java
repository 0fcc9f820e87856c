package org.civitas.governance.consent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.governance.consent.ConsentDecision.Channel;
import org.civitas.governance.consent.ConsentDecision.Decision;
import org.civitas.governance.privacy.BodyFields;
import org.civitas.governance.privacy.Oversight;
import org.civitas.server.http.JsonCodec;

/**
 * Consent at {@code /api/v1/governance/consents}: {@code POST} records one decision {@code
 * {subject, purpose, decision: given|withdrawn, channel: web|sms|staffed}} (201), {@code GET
 * ?subject=} answers the subject's history and current state per purpose. Who may do what is {@link
 * Consents}'s rule. Registered with {@code CivitasServer.withRoutes}.
 */
public final class ConsentRoutes {
  static final String CONSENTS = "/api/v1/governance/consents";
  private static final Set<String> FIELDS = Set.of("subject", "purpose", "decision", "channel");

  private final Consents consents;

  private ConsentRoutes(Consents consents) {
    this.consents = consents;
  }

  public static void register(RoutesConfig routes, Consents consents) {
    ConsentRoutes api = new ConsentRoutes(consents);
    routes.post(CONSENTS, api::record);
    routes.get(CONSENTS, api::history);
  }

  private void record(Context ctx) {
    var principal = Oversight.signedIn(ctx);
    BodyFields body = BodyFields.of(JsonCodec.readObject(ctx.bodyAsBytes()), FIELDS);
    String subject = body.text("subject", 200);
    String purpose = body.text("purpose", 64);
    Decision decision =
        body.choice("decision", Decision::fromWire, Decision.values(), Decision::wireName);
    Channel channel =
        body.choice("channel", Channel::fromWire, Channel.values(), Channel::wireName);
    ConsentDecision stored = consents.record(principal, subject, purpose, decision, channel);
    ctx.status(201).contentType("application/json").result(JsonCodec.write(json(stored)));
  }

  private void history(Context ctx) {
    var principal = Oversight.signedIn(ctx);
    String subject = ctx.queryParam("subject");
    if (subject == null || subject.isBlank()) {
      throw new InvalidInputException("the query parameter subject is required", "subject");
    }
    List<ConsentDecision> history = consents.history(principal, subject);
    Map<String, ConsentDecision> current = new LinkedHashMap<>();
    history.forEach(d -> current.put(d.purpose(), d));
    ObjectNode body = JsonCodec.newObject().put("subject", subject);
    ArrayNode state = body.putArray("current");
    current.values().stream()
        .sorted((a, b) -> a.purpose().compareTo(b.purpose()))
        .forEach(
            d ->
                state
                    .addObject()
                    .put("purpose", d.purpose())
                    .put("consents", d.decision() == Decision.GIVEN)
                    .put("since", d.at().toString()));
    ArrayNode decisions = body.putArray("history");
    history.forEach(d -> decisions.add(json(d)));
    ctx.status(200).contentType("application/json").result(JsonCodec.write(body));
  }

  static ObjectNode json(ConsentDecision decision) {
    return JsonCodec.newObject()
        .put("seq", decision.seq())
        .put("subject", decision.subject())
        .put("purpose", decision.purpose())
        .put("decision", decision.decision().wireName())
        .put("at", decision.at().toString())
        .put("recordedBy", decision.recordedBy())
        .put("channel", decision.channel().wireName());
  }
}
