package org.civitas.rules.cap;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.civitas.server.http.JsonCodec;

/**
 * The public alerts page {@code /alerts/}: plain HTML rendered on the server, no script, readable
 * on a phone (one column, a viewport, large text). Each alert shows its severity as a word and as a
 * colour (never the colour alone), its headline, area, instruction and times; every text from an
 * alert is HTML-escaped.
 */
final class AlertsPage {
  private AlertsPage() {}

  static String render(List<PublicAlerts.Published> current, String feedPath) {
    StringBuilder html = new StringBuilder(4096);
    html.append(
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Public alerts</title>
        """);
    html.append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Public alerts\"")
        .append(" href=\"")
        .append(escape(feedPath))
        .append("\">\n");
    html.append(
        """
        <style>
        body{font-family:system-ui,sans-serif;font-size:1.1rem;line-height:1.5;margin:0 auto;max-width:42rem;padding:1rem;color:#111;background:#fff}
        article{border:1px solid #888;border-left-width:.6rem;border-radius:.3rem;padding:.5rem 1rem;margin:1rem 0}
        .sev{display:inline-block;font-weight:bold;padding:0 .4rem;border-radius:.2rem}
        .Extreme{border-left-color:#7a0000}.Extreme .sev{background:#7a0000;color:#fff}
        .Severe{border-left-color:#c00000}.Severe .sev{background:#c00000;color:#fff}
        .Moderate{border-left-color:#e08a00}.Moderate .sev{background:#ffd27a;color:#000}
        .Minor{border-left-color:#e0c000}.Minor .sev{background:#fff3a0;color:#000}
        .Unknown{border-left-color:#666}.Unknown .sev{background:#ddd;color:#000}
        .ended{opacity:.8}
        dt{font-weight:bold}dd{margin:0 0 .4rem 0}
        </style>
        </head>
        <body>
        <main>
        <h1>Public alerts</h1>
        """);
    List<PublicAlerts.Published> active =
        current.stream().filter(PublicAlerts.Published::active).toList();
    List<PublicAlerts.Published> ended =
        current.stream().filter(p -> !p.active()).limit(20).toList();
    if (active.isEmpty()) {
      html.append("<p>There are no alerts in force.</p>\n");
    } else {
      html.append("<h2>In force</h2>\n");
      active.forEach(p -> article(html, p, false));
    }
    if (!ended.isEmpty()) {
      html.append("<h2>Recently ended</h2>\n");
      ended.forEach(p -> article(html, p, true));
    }
    html.append("<p><a href=\"")
        .append(escape(feedPath))
        .append("\">Subscribe to these alerts (Atom feed, with the CAP 1.2 messages)</a></p>\n")
        .append("</main>\n</body>\n</html>\n");
    return html.toString();
  }

  private static void article(StringBuilder html, PublicAlerts.Published published, boolean ended) {
    JsonNode summary = JsonCodec.readTree(published.message().summary().text());
    JsonNode info = summary.path("info");
    String severity = info.path("severity").asText("Unknown");
    String cssClass =
        switch (severity) {
          case "Extreme", "Severe", "Moderate", "Minor" -> severity;
          default -> "Unknown";
        };
    html.append("<article class=\"").append(cssClass).append(ended ? " ended" : "").append("\">\n");
    html.append("<p><span class=\"sev\">Severity: ")
        .append(escape(severity))
        .append("</span> ")
        .append(escape(info.path("urgency").asText()))
        .append(", ")
        .append(escape(info.path("certainty").asText()).toLowerCase(java.util.Locale.ROOT))
        .append(ended ? (published.message().isCancel() ? " — cancelled" : " — expired") : "")
        .append("</p>\n");
    html.append("<h3>")
        .append(escape(info.path("headline").asText(info.path("event").asText())))
        .append("</h3>\n<dl>\n");
    item(html, "Area", summary.path("area").path("areaDesc").asText(null));
    item(html, "What to do", info.path("instruction").asText(null));
    item(html, "Details", info.path("description").asText(null));
    item(html, "Issued", summary.path("sent").asText(null));
    item(html, "From", info.path("onset").asText(info.path("effective").asText(null)));
    item(html, "Until", info.path("expires").asText(null));
    item(html, "Note", summary.path("note").asText(null));
    html.append("</dl>\n");
    html.append("<p><a href=\"")
        .append(escape(PublicAlertRoutes.ALERTS + "/" + published.message().identifier() + ".xml"))
        .append("\">The CAP message</a></p>\n</article>\n");
  }

  private static void item(StringBuilder html, String label, String value) {
    if (value != null && !value.isBlank()) {
      html.append("<dt>").append(label).append("</dt><dd>").append(escape(value)).append("</dd>\n");
    }
  }

  /** Text and attribute values: {@code & < > " '} become character references. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
