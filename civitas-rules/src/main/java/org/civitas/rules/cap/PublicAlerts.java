package org.civitas.rules.cap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.civitas.city.DistrictStore;
import org.civitas.error.ConflictException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.rules.cap.store.PublicAlertStore;
import org.civitas.rules.cap.store.StoredAlertMessage;
import org.civitas.rules.evaluation.RuleAction;
import org.civitas.rules.evaluation.RuleOutcome;
import org.civitas.rules.evaluation.RuleOutcomeListener;
import org.civitas.rules.evaluation.Transition;
import org.civitas.sensing.model.Json;
import org.civitas.server.http.JsonCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues public alerts in OASIS CAP 1.2, for rules and for operators, and keeps every message.
 *
 * <p>A rule outcome with an {@link RuleAction.IssuePublicAlert} action: a RAISE issues an Alert
 * when its rule and source have no chain in force, else an Update of that chain; a CLEAR issues a
 * Cancel of the chain in force (nothing when there is none). An outcome delivered again (same rule,
 * source, transition and time) issues nothing. Operators issue, update and cancel through {@link
 * #issue}, {@link #update} and {@link #cancel}. Every message references the earlier messages of
 * its chain, is validated against the CAP 1.2 schema and stored before it is published.
 *
 * <p>Thread-safe: messages of one chain are issued one at a time (the store refuses a second
 * message at the same position of a chain, so two nodes cannot fork a chain either).
 */
public final class PublicAlerts implements RuleOutcomeListener {
  private static final Logger log = LoggerFactory.getLogger(PublicAlerts.class);

  /** Most chains the list, the feed and the page show. */
  static final int LIMIT = 500;

  private final PublicAlertStore store;
  private final DistrictAreas areas;
  private final String sender;
  private final Clock clock;
  private final CapValidator validator = new CapValidator();

  /**
   * @param sender the CAP sender of every message issued ({@code alerts.sender})
   */
  public PublicAlerts(PublicAlertStore store, DistrictStore districts, String sender, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.areas = new DistrictAreas(Objects.requireNonNull(districts, "districts"));
    this.sender = Objects.requireNonNull(sender, "sender");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A stored message and whether its chain is in force now (not cancelled, not expired). */
  public record Published(StoredAlertMessage message, boolean active) {}

  // ---------------------------------------------------------------------------- rules

  @Override
  public void on(RuleOutcome outcome) {
    List<RuleAction> actions = outcome.actions();
    int n = 0;
    for (RuleAction action : actions) {
      if (action instanceof RuleAction.IssuePublicAlert alert) {
        // A rule may ask for two public alerts (two areas): each its own chain.
        String origin =
            "rule:" + outcome.ruleId() + " " + outcome.source() + (n == 0 ? "" : " #" + n);
        n++;
        try {
          fromRule(outcome, alert, origin);
        } catch (RuntimeException e) {
          // Never thrown back at the rules engine: one failed alert must not stop the others.
          log.error(
              "public alert of rule {} for {} ({}) not issued",
              outcome.ruleId(),
              outcome.source(),
              outcome.transition(),
              e);
        }
      }
    }
  }

  private synchronized void fromRule(
      RuleOutcome outcome, RuleAction.IssuePublicAlert action, String origin) {
    String outcomeKey = origin + " " + outcome.transition() + " " + outcome.at();
    if (store.hasOutcome(outcomeKey)) {
      return;
    }
    Optional<StoredAlertMessage> latest =
        store.latestOfOrigin(origin).filter(message -> !message.isCancel());
    if (outcome.transition() == Transition.CLEAR) {
      if (latest.isPresent()) {
        next(latest.get(), Cap.MsgType.CANCEL, content(latest.get()), null, origin, outcomeKey);
      }
      return;
    }
    AlertContent content = content(outcome, action);
    if (latest.isPresent()) {
      next(latest.get(), Cap.MsgType.UPDATE, content, null, origin, outcomeKey);
    } else {
      publish(
          new PublicAlert(
              newIdentifier(),
              sender,
              now(),
              Cap.MsgType.ALERT,
              List.of(),
              null,
              content,
              areas.area(content.districts(), "districts")),
          null,
          0,
          origin,
          outcomeKey);
    }
  }

  private static AlertContent content(RuleOutcome outcome, RuleAction.IssuePublicAlert action) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("civitasRule", outcome.ruleId());
    parameters.put("civitasRuleVersion", Integer.toString(outcome.ruleVersion()));
    parameters.put("civitasSource", outcome.source());
    outcome.values().forEach((name, value) -> parameters.put(name, String.valueOf(value)));
    return new AlertContent(
        Cap.Status.ACTUAL,
        "en",
        List.of(category(action.event())),
        action.event(),
        List.of(),
        CapCode.parse(Cap.Urgency.class, action.urgency(), "urgency"),
        CapCode.parse(Cap.Severity.class, action.severity(), "severity"),
        CapCode.parse(Cap.Certainty.class, action.certainty(), "certainty"),
        outcome.at(),
        outcome.at(),
        null,
        null,
        action.headline() == null ? action.event() : action.headline(),
        outcome.summary(),
        action.instruction(),
        null,
        parameters,
        action.districts());
  }

  /**
   * The CAP category of a rule's event, which the action does not carry: floods, heat, storms and
   * the like are meteorological ("Met", which CAP says includes floods), air and water quality
   * environmental, outages infrastructure, else public safety.
   */
  static Cap.Category category(String event) {
    String text = event.toLowerCase(Locale.ROOT);
    if (text.matches(".*(flood|heat|storm|rain|wind|snow|frost|ice|cold|weather|drought).*")) {
      return Cap.Category.MET;
    }
    if (text.matches(".*(air|pollut|smog|ozone|water quality|pollen|noise).*")) {
      return Cap.Category.ENV;
    }
    if (text.matches(".*(outage|power|gas|bridge|road|water main).*")) {
      return Cap.Category.INFRA;
    }
    return Cap.Category.SAFETY;
  }

  // ---------------------------------------------------------------------------- operators

  /** Issues an Alert with the content an operator posted (see {@link AlertJson#content}). */
  public synchronized PublicAlert issue(ObjectNode body) {
    AlertContent content = AlertJson.content(body);
    PublicAlert alert =
        new PublicAlert(
            newIdentifier(),
            sender,
            now(),
            Cap.MsgType.ALERT,
            List.of(),
            null,
            content,
            areas.area(content.districts(), "districts"));
    return publish(alert, null, 0, null, null);
  }

  /**
   * Issues an Update of the chain of message {@code identifier}: the members of {@code changes}
   * replace those of the chain's last content, the others are kept; {@code note} says why.
   *
   * @throws NotFoundException when there is no such message
   * @throws ConflictException when its chain is cancelled
   */
  public synchronized PublicAlert update(String identifier, ObjectNode changes) {
    StoredAlertMessage latest = latestInForce(identifier);
    String note = noteOf(changes);
    ObjectNode merged = AlertJson.write(content(latest));
    merged.setAll(changes);
    return next(latest, Cap.MsgType.UPDATE, AlertJson.content(merged), note, latest.origin(), null);
  }

  /**
   * Issues the Cancel of the chain of message {@code identifier}; {@code body} may carry a {@code
   * note} saying why.
   */
  public synchronized PublicAlert cancel(String identifier, ObjectNode body) {
    StoredAlertMessage latest = latestInForce(identifier);
    String note = noteOf(body);
    body.fieldNames()
        .forEachRemaining(
            name -> {
              throw new InvalidInputException(
                  "a cancel has only a note, found member '" + name + "'", name);
            });
    return next(latest, Cap.MsgType.CANCEL, content(latest), note, latest.origin(), null);
  }

  private static String noteOf(ObjectNode body) {
    var note = body.remove("note");
    if (note == null || note.isNull()) {
      return null;
    }
    if (!note.isTextual() || note.textValue().isBlank()) {
      throw new InvalidInputException(
          "note is a text, not blank, found " + JsonCodec.describe(note), "note");
    }
    return note.textValue();
  }

  private StoredAlertMessage latestInForce(String identifier) {
    StoredAlertMessage message =
        store
            .find(identifier)
            .orElseThrow(() -> new NotFoundException("there is no public alert " + identifier));
    List<StoredAlertMessage> chain = store.chain(message.chain());
    StoredAlertMessage latest = chain.getLast();
    if (latest.isCancel()) {
      throw new ConflictException(
          "the alert " + message.chain() + " was cancelled by " + latest.identifier(), null);
    }
    return latest;
  }

  // ---------------------------------------------------------------------------- reading

  /** The message of this identifier. */
  public Optional<StoredAlertMessage> find(String identifier) {
    return store.find(identifier);
  }

  /** Every message of the chain of {@code identifier}, first to last. */
  public List<StoredAlertMessage> history(String identifier) {
    return store.find(identifier).map(m -> store.chain(m.chain())).orElse(List.of());
  }

  /**
   * The last message of each chain, those in force first, each group newest first; at most {@value
   * #LIMIT}.
   */
  public List<Published> current() {
    Instant now = clock.instant();
    List<Published> published = new ArrayList<>();
    for (StoredAlertMessage message : store.current(LIMIT)) {
      boolean active = !message.isCancel() && message.expiry().map(now::isBefore).orElse(true);
      published.add(new Published(message, active));
    }
    published.sort(Comparator.comparing((Published p) -> !p.active()));
    return published;
  }

  // ---------------------------------------------------------------------------- issuing

  private PublicAlert next(
      StoredAlertMessage latest,
      Cap.MsgType type,
      AlertContent content,
      String note,
      String origin,
      String outcomeKey) {
    List<PublicAlert.Reference> references = new ArrayList<>();
    for (StoredAlertMessage earlier : store.chain(latest.chain())) {
      ObjectNode summary = (ObjectNode) JsonCodec.readTree(earlier.summary().text());
      references.add(
          new PublicAlert.Reference(
              summary.path("sender").asText(), earlier.identifier(), earlier.sent()));
    }
    PublicAlert.Area area =
        content.districts().equals(content(latest).districts())
            ? storedArea(latest)
            : areas.area(content.districts(), "districts");
    PublicAlert alert =
        new PublicAlert(newIdentifier(), sender, now(), type, references, note, content, area);
    return publish(alert, latest.chain(), latest.position() + 1, origin, outcomeKey);
  }

  private PublicAlert publish(
      PublicAlert alert, String chain, int position, String origin, String outcomeKey) {
    String xml = CapXml.write(alert);
    validator.check(xml);
    ObjectNode summary = AlertJson.summary(alert);
    store.append(
        new StoredAlertMessage(
            alert.identifier(),
            chain == null ? alert.identifier() : chain,
            position,
            alert.msgType().text(),
            alert.sent(),
            alert.content().expires(),
            origin,
            outcomeKey,
            xml,
            new Json(new String(JsonCodec.write(summary), StandardCharsets.UTF_8))));
    log.info(
        "public alert {} issued: {} {} ({})",
        alert.identifier(),
        alert.msgType().text(),
        alert.content().event(),
        alert.area().description());
    return alert;
  }

  /** The content a stored message was issued with. */
  static AlertContent content(StoredAlertMessage message) {
    ObjectNode summary = (ObjectNode) JsonCodec.readTree(message.summary().text());
    return AlertJson.content((ObjectNode) summary.get("info"));
  }

  private static PublicAlert.Area storedArea(StoredAlertMessage message) {
    ObjectNode summary = (ObjectNode) JsonCodec.readTree(message.summary().text());
    List<String> polygons = new ArrayList<>();
    summary.path("area").path("polygon").forEach(p -> polygons.add(p.asText()));
    return new PublicAlert.Area(summary.path("area").path("areaDesc").asText(), polygons);
  }

  private Instant now() {
    return clock.instant();
  }

  private static String newIdentifier() {
    return "urn:uuid:" + UUID.randomUUID();
  }
}
