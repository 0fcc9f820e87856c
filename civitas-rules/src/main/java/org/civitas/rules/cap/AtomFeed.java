package org.civitas.rules.cap;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.civitas.rules.cap.store.StoredAlertMessage;
import org.civitas.server.http.JsonCodec;

/**
 * The Atom 1.0 (RFC 4287) feed of public alerts: one entry per chain's current message, linking to
 * its CAP document ({@code rel="alternate"}, type {@code application/cap+xml}) as CAP feeds do. The
 * entry id is the CAP identifier (a URN, so an IRI as Atom requires); a chain's entries differ by
 * message, so a reader sees each Update and the Cancel as new. Times are RFC 3339.
 */
final class AtomFeed {
  static final String NAMESPACE = "http://www.w3.org/2005/Atom";
  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

  private AtomFeed() {}

  static String write(
      List<PublicAlerts.Published> current, String feedUrl, String pageUrl, String base) {
    Instant updated =
        current.stream().map(p -> p.message().sent()).max(Instant::compareTo).orElse(Instant.EPOCH);
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("", "feed", NAMESPACE);
      xml.writeDefaultNamespace(NAMESPACE);
      element(xml, "id", feedUrl);
      element(xml, "title", "Public alerts");
      element(xml, "updated", rfc3339(updated));
      xml.writeStartElement("author");
      element(xml, "name", "Civitas");
      xml.writeEndElement();
      link(xml, "self", "application/atom+xml", feedUrl);
      link(xml, "alternate", "text/html", pageUrl);
      for (PublicAlerts.Published published : current) {
        entry(xml, published.message(), base);
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the Atom feed: " + e.getMessage(), e);
    }
    return text.toString();
  }

  private static void entry(XMLStreamWriter xml, StoredAlertMessage message, String base)
      throws XMLStreamException {
    JsonNode summary = JsonCodec.readTree(message.summary().text());
    JsonNode info = summary.path("info");
    String headline = info.path("headline").asText(info.path("event").asText());
    xml.writeStartElement("entry");
    element(xml, "id", message.identifier());
    element(xml, "title", (message.isCancel() ? "Cancelled: " : "") + headline);
    element(xml, "updated", rfc3339(message.sent()));
    element(xml, "published", rfc3339(message.sent()));
    xml.writeStartElement("author");
    element(xml, "name", summary.path("sender").asText());
    xml.writeEndElement();
    element(
        xml,
        "summary",
        message.msgType()
            + " — "
            + info.path("severity").asText()
            + ", "
            + info.path("urgency").asText()
            + ": "
            + summary.path("area").path("areaDesc").asText());
    link(
        xml,
        "alternate",
        "application/cap+xml",
        PublicAlertRoutes.capUrl(base, message.identifier()));
    xml.writeEndElement();
  }

  private static void link(XMLStreamWriter xml, String rel, String type, String href)
      throws XMLStreamException {
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("type", type);
    xml.writeAttribute("href", href);
  }

  private static void element(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(value);
    xml.writeEndElement();
  }

  private static String rfc3339(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at);
  }
}
