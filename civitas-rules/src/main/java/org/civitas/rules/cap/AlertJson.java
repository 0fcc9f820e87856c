package org.civitas.rules.cap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.server.http.JsonCodec;

/**
 * Public alerts as JSON: the content an operator posts (and a stored message keeps, so that an
 * Update can change part of it), and the summary of a message the API lists. Member names are the
 * CAP element names. A problem is an {@link InvalidInputException} naming the member.
 */
final class AlertJson {
  private static final Set<String> MEMBERS =
      Set.of(
          "status",
          "language",
          "category",
          "event",
          "responseType",
          "urgency",
          "severity",
          "certainty",
          "effective",
          "onset",
          "expires",
          "senderName",
          "headline",
          "description",
          "instruction",
          "web",
          "parameters",
          "districts");

  /** Longest text of a member; CAP sets none, but a public page and feed must stay sane. */
  private static final int MAX_TEXT = 10_000;

  private AlertJson() {}

  /** Reads an alert's content; unknown members are refused (a typo must not vanish silently). */
  static AlertContent content(ObjectNode body) {
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!MEMBERS.contains(name)) {
                throw new InvalidInputException(
                    "unknown member '" + name + "'; an alert has " + MEMBERS, name);
              }
            });
    return new AlertContent(
        body.has("status")
            ? CapCode.parse(Cap.Status.class, text(body, "status", true), "status")
            : Cap.Status.ACTUAL,
        body.has("language") ? language(body) : "en",
        codes(body, "category", Cap.Category.class, true),
        text(body, "event", true),
        codes(body, "responseType", Cap.ResponseType.class, false),
        CapCode.parse(Cap.Urgency.class, text(body, "urgency", true), "urgency"),
        CapCode.parse(Cap.Severity.class, text(body, "severity", true), "severity"),
        CapCode.parse(Cap.Certainty.class, text(body, "certainty", true), "certainty"),
        time(body, "effective"),
        time(body, "onset"),
        time(body, "expires"),
        text(body, "senderName", false),
        text(body, "headline", false),
        text(body, "description", false),
        text(body, "instruction", false),
        web(body),
        parameters(body),
        districts(body));
  }

  /** The content as {@link #content} reads it. */
  static ObjectNode write(AlertContent content) {
    ObjectNode json = JsonCodec.newObject();
    json.put("status", content.status().text()).put("language", content.language());
    ArrayNode categories = json.putArray("category");
    content.categories().forEach(c -> categories.add(c.text()));
    json.put("event", content.event());
    ArrayNode responses = json.putArray("responseType");
    content.responseTypes().forEach(r -> responses.add(r.text()));
    json.put("urgency", content.urgency().text())
        .put("severity", content.severity().text())
        .put("certainty", content.certainty().text());
    putTime(json, "effective", content.effective());
    putTime(json, "onset", content.onset());
    putTime(json, "expires", content.expires());
    putText(json, "senderName", content.senderName());
    putText(json, "headline", content.headline());
    putText(json, "description", content.description());
    putText(json, "instruction", content.instruction());
    putText(json, "web", content.web() == null ? null : content.web().toString());
    ObjectNode parameters = json.putObject("parameters");
    content.parameters().forEach(parameters::put);
    ArrayNode districts = json.putArray("districts");
    content.districts().forEach(districts::add);
    return json;
  }

  /**
   * The summary of a message: its CAP header, its content ({@code info}), its area and whether it
   * is in force ({@code active}, as of when it is written).
   */
  static ObjectNode summary(PublicAlert alert) {
    ObjectNode json = JsonCodec.newObject();
    json.put("identifier", alert.identifier())
        .put("sender", alert.sender())
        .put("sent", CapXml.dateTime(alert.sent()))
        .put("status", alert.content().status().text())
        .put("msgType", alert.msgType().text())
        .put("scope", "Public");
    putText(json, "note", alert.note());
    ArrayNode references = json.putArray("references");
    alert.references().forEach(r -> references.add(r.text()));
    json.set("info", write(alert.content()));
    ObjectNode area = json.putObject("area").put("areaDesc", alert.area().description());
    ArrayNode polygons = area.putArray("polygon");
    alert.area().polygons().forEach(polygons::add);
    return json;
  }

  private static String text(ObjectNode body, String name, boolean required) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidInputException("an alert has " + name + ", found nothing", name);
      }
      return null;
    }
    if (!node.isTextual() || node.textValue().isBlank()) {
      throw new InvalidInputException(
          name + " is a text, not blank, found " + JsonCodec.describe(node), name);
    }
    if (node.textValue().length() > MAX_TEXT) {
      throw new InvalidInputException(
          name + " has at most " + MAX_TEXT + " characters, found " + node.textValue().length(),
          name);
    }
    return node.textValue();
  }

  private static String language(ObjectNode body) {
    String language = text(body, "language", true);
    // xs:language (RFC 3066): letters, then dash-separated letters or digits, 1 to 8 each.
    if (!language.matches("[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*")) {
      throw new InvalidInputException(
          "language is an RFC 3066 tag such as en-GB, found '" + language + "'", "language");
    }
    return language;
  }

  private static <E extends Enum<E> & CapCode> List<E> codes(
      ObjectNode body, String name, Class<E> type, boolean required) {
    JsonNode node = body.get(name);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidInputException("an alert has at least one " + name, name);
      }
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(CapCode.parse(type, node.textValue(), name));
    }
    if (!node.isArray() || (required && node.isEmpty())) {
      throw new InvalidInputException(
          name + " is a value or a non-empty array of values, found " + JsonCodec.describe(node),
          name);
    }
    List<E> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      values.add(CapCode.parse(type, node.get(i).asText(null), name + "[" + i + "]"));
    }
    return values;
  }

  private static Instant time(ObjectNode body, String name) {
    String text = text(body, name, false);
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          name
              + " is an ISO 8601 time with an offset, e.g. 2026-11-23T10:00:00+01:00, found '"
              + text
              + "'",
          name);
    }
  }

  private static URI web(ObjectNode body) {
    String text = text(body, "web", false);
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text);
      if (uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new InvalidInputException(
        "web is an absolute http or https URL, found '" + text + "'", "web");
  }

  private static Map<String, String> parameters(ObjectNode body) {
    JsonNode node = body.get("parameters");
    Map<String, String> parameters = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return parameters;
    }
    if (!node.isObject()) {
      throw new InvalidInputException(
          "parameters is an object of texts, found " + JsonCodec.describe(node), "parameters");
    }
    node.properties()
        .forEach(
            entry -> {
              if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw new InvalidInputException(
                    "a parameter is a text, number or boolean, found "
                        + JsonCodec.describe(entry.getValue()),
                    "parameters." + entry.getKey());
              }
              parameters.put(entry.getKey(), entry.getValue().asText());
            });
    return parameters;
  }

  private static List<String> districts(ObjectNode body) {
    JsonNode node = body.get("districts");
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new InvalidInputException(
          "districts is a non-empty array of the names of the districts the alert is for, found "
              + JsonCodec.describe(node),
          "districts");
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual()) {
        throw new InvalidInputException(
            "a district is named by a text, found " + JsonCodec.describe(node.get(i)),
            "districts[" + i + "]");
      }
      names.add(node.get(i).textValue());
    }
    return names;
  }

  private static void putTime(ObjectNode json, String name, Instant at) {
    if (at != null) {
      json.put(name, CapXml.dateTime(at));
    }
  }

  private static void putText(ObjectNode json, String name, String value) {
    if (value != null) {
      json.put(name, value);
    }
  }
}
