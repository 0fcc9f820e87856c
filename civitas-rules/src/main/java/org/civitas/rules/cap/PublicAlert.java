package org.civitas.rules.cap;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * One CAP 1.2 message as issued: an Alert, or an Update or Cancel of an earlier chain. Scope is
 * always {@code Public}; the message carries one {@code <info>} with one {@code <area>}.
 *
 * @param identifier unique for every message, a {@code urn:uuid:} URN
 * @param sender the {@code alerts.sender} setting at the time it was issued
 * @param sent whole seconds
 * @param references the earlier messages of the chain, oldest first; empty for an Alert
 * @param note the CAP {@code <note>} (why it was updated or cancelled); null for none
 * @param area the CAP area, built from the content's districts
 */
public record PublicAlert(
    String identifier,
    String sender,
    Instant sent,
    Cap.MsgType msgType,
    List<Reference> references,
    String note,
    AlertContent content,
    Area area) {

  public PublicAlert {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(sender, "sender");
    sent = Objects.requireNonNull(sent, "sent").truncatedTo(ChronoUnit.SECONDS);
    Objects.requireNonNull(msgType, "msgType");
    references = List.copyOf(references);
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(area, "area");
    if ((msgType == Cap.MsgType.ALERT) != references.isEmpty()) {
      throw new IllegalArgumentException(
          "an Alert references nothing and an Update or Cancel its chain, found a "
              + msgType.text()
              + " with "
              + references.size()
              + " references");
    }
  }

  /** This message as the {@code <references>} of a later one names it. */
  public Reference asReference() {
    return new Reference(sender, identifier, sent);
  }

  /**
   * An earlier message: CAP 1.2 writes it as {@code sender,identifier,sent}, and a list of them
   * separated by spaces.
   */
  public record Reference(String sender, String identifier, Instant sent) {
    public Reference {
      Objects.requireNonNull(sender, "sender");
      Objects.requireNonNull(identifier, "identifier");
      Objects.requireNonNull(sent, "sent");
    }

    public String text() {
      return sender + "," + identifier + "," + CapXml.dateTime(sent);
    }
  }

  /**
   * The CAP {@code <area>}: a description and the polygons of the districts.
   *
   * @param description the district names, e.g. {@code Harbour, Old Town}
   * @param polygons CAP polygons, each "lat,lon lat,lon ..." with at least four pairs, closed
   */
  public record Area(String description, List<String> polygons) {
    public Area {
      Objects.requireNonNull(description, "description");
      polygons = List.copyOf(polygons);
    }
  }
}
