package org.civitas.rules.cap;

import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a {@link PublicAlert} as a CAP 1.2 XML document (namespace {@value Cap#NAMESPACE}), the
 * elements in the order the schema's sequences require, text escaped by the StAX writer. Thread
 * safe.
 */
public final class CapXml {
  /**
   * CAP 1.2 dateTime: an explicit offset ({@code +00:00}; the schema's pattern refuses {@code Z})
   * and no fractional seconds.
   */
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

  private CapXml() {}

  /** A time as CAP 1.2 writes it, in UTC: {@code 2026-11-23T10:00:00+00:00}. */
  public static String dateTime(Instant at) {
    return DATE_TIME.format(at);
  }

  /** The CAP 1.2 document of {@code alert}, with an XML declaration, in UTF-8 when encoded. */
  public static String write(PublicAlert alert) {
    StringWriter text = new StringWriter();
    try {
      XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeStartElement("", "alert", Cap.NAMESPACE);
      xml.writeDefaultNamespace(Cap.NAMESPACE);
      AlertContent content = alert.content();
      element(xml, "identifier", alert.identifier());
      element(xml, "sender", alert.sender());
      element(xml, "sent", dateTime(alert.sent()));
      element(xml, "status", content.status().text());
      element(xml, "msgType", alert.msgType().text());
      element(xml, "scope", "Public");
      element(xml, "note", alert.note());
      if (!alert.references().isEmpty()) {
        element(
            xml,
            "references",
            alert.references().stream()
                .map(PublicAlert.Reference::text)
                .collect(Collectors.joining(" ")));
      }
      info(xml, content, alert.area());
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write CAP XML: " + e.getMessage(), e);
    }
    return text.toString();
  }

  private static void info(XMLStreamWriter xml, AlertContent content, PublicAlert.Area area)
      throws XMLStreamException {
    xml.writeStartElement("info");
    element(xml, "language", content.language());
    for (Cap.Category category : content.categories()) {
      element(xml, "category", category.text());
    }
    element(xml, "event", content.event());
    for (Cap.ResponseType response : content.responseTypes()) {
      element(xml, "responseType", response.text());
    }
    element(xml, "urgency", content.urgency().text());
    element(xml, "severity", content.severity().text());
    element(xml, "certainty", content.certainty().text());
    time(xml, "effective", content.effective());
    time(xml, "onset", content.onset());
    time(xml, "expires", content.expires());
    element(xml, "senderName", content.senderName());
    element(xml, "headline", content.headline());
    element(xml, "description", content.description());
    element(xml, "instruction", content.instruction());
    element(xml, "web", content.web() == null ? null : content.web().toString());
    for (Map.Entry<String, String> parameter : content.parameters().entrySet()) {
      xml.writeStartElement("parameter");
      element(xml, "valueName", parameter.getKey());
      element(xml, "value", parameter.getValue());
      xml.writeEndElement();
    }
    xml.writeStartElement("area");
    element(xml, "areaDesc", area.description());
    for (String polygon : area.polygons()) {
      element(xml, "polygon", polygon);
    }
    xml.writeEndElement();
    xml.writeEndElement();
  }

  private static void time(XMLStreamWriter xml, String name, Instant at) throws XMLStreamException {
    if (at != null) {
      element(xml, name, dateTime(at));
    }
  }

  /** Writes the element unless {@code value} is null. */
  private static void element(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    if (value != null) {
      xml.writeStartElement(name);
      xml.writeCharacters(value);
      xml.writeEndElement();
    }
  }
}
