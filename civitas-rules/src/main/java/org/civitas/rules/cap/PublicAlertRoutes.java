package org.civitas.rules.cap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.civitas.error.NotFoundException;
import org.civitas.rules.cap.store.StoredAlertMessage;
import org.civitas.server.http.JsonCodec;

/**
 * Public alerts over HTTP (see docs/API.md, "Public alerts"): the JSON list, each message's CAP
 * XML, the Atom feed, the operator's issue/update/cancel, and the public page {@code /alerts/}.
 * Registered with {@code CivitasServer.withRoutes}.
 */
public final class PublicAlertRoutes {
  static final String ALERTS = "/api/v1/alerts";
  static final String FEED = "/api/v1/alerts.atom";
  static final String PAGE = "/alerts/";

  /** The media type of CAP registered with IANA by OASIS (CAP 1.2, appendix). */
  static final String CAP_XML = "application/cap+xml; charset=utf-8";

  private static final String JSON = "application/json";

  private final PublicAlerts alerts;
  private final String publicUrl;

  private PublicAlertRoutes(PublicAlerts alerts, String publicUrl) {
    this.alerts = alerts;
    this.publicUrl = publicUrl;
  }

  /**
   * Registers the routes.
   *
   * @param publicUrl the absolute URL clients reach the API at ({@code http.public-url}), for the
   *     feed's links; null to derive it from each request
   */
  public static void register(RoutesConfig routes, PublicAlerts alerts, String publicUrl) {
    PublicAlertRoutes api = new PublicAlertRoutes(alerts, publicUrl);
    routes.get(ALERTS, api::list);
    routes.get(FEED, api::feed);
    routes.post(ALERTS, api::issue);
    routes.get(ALERTS + "/{id}", api::one);
    routes.post(ALERTS + "/{id}/update", api::update);
    routes.post(ALERTS + "/{id}/cancel", api::cancel);
    routes.get(PAGE, api::page);
  }

  private void list(Context ctx) {
    ObjectNode body = JsonCodec.newObject();
    ArrayNode value = body.putArray("value");
    String base = base(ctx);
    for (PublicAlerts.Published published : alerts.current()) {
      value.add(entry(published, base));
    }
    ctx.status(200).contentType(JSON).result(JsonCodec.write(body));
  }

  private static ObjectNode entry(PublicAlerts.Published published, String base) {
    ObjectNode summary = (ObjectNode) JsonCodec.readTree(published.message().summary().text());
    summary.put("active", published.active());
    summary.put("capUrl", capUrl(base, published.message().identifier()));
    return summary;
  }

  /**
   * {@code /api/v1/alerts/{identifier}.xml} is the CAP document, {@code
   * /api/v1/alerts/{identifier}} the message's JSON with the history of its chain.
   */
  private void one(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.endsWith(".xml")) {
      StoredAlertMessage message = find(id.substring(0, id.length() - ".xml".length()));
      ctx.status(200).contentType(CAP_XML).result(message.xml().getBytes(StandardCharsets.UTF_8));
      return;
    }
    StoredAlertMessage message = find(id);
    String base = base(ctx);
    ObjectNode body = (ObjectNode) JsonCodec.readTree(message.summary().text());
    body.put("capUrl", capUrl(base, message.identifier()));
    ArrayNode history = body.putArray("history");
    for (StoredAlertMessage earlier : alerts.history(id)) {
      history
          .addObject()
          .put("identifier", earlier.identifier())
          .put("msgType", earlier.msgType())
          .put("sent", CapXml.dateTime(earlier.sent()))
          .put("capUrl", capUrl(base, earlier.identifier()));
    }
    ctx.status(200).contentType(JSON).result(JsonCodec.write(body));
  }

  private StoredAlertMessage find(String identifier) {
    return alerts
        .find(identifier)
        .orElseThrow(() -> new NotFoundException("there is no public alert " + identifier));
  }

  private void issue(Context ctx) {
    created(ctx, alerts.issue(JsonCodec.readObject(ctx.bodyAsBytes())));
  }

  private void update(Context ctx) {
    created(ctx, alerts.update(ctx.pathParam("id"), JsonCodec.readObject(ctx.bodyAsBytes())));
  }

  private void cancel(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    ObjectNode parsed = body.length == 0 ? JsonCodec.newObject() : JsonCodec.readObject(body);
    created(ctx, alerts.cancel(ctx.pathParam("id"), parsed));
  }

  private void created(Context ctx, PublicAlert alert) {
    String url = capUrl(base(ctx), alert.identifier());
    ObjectNode body = AlertJson.summary(alert);
    body.put("capUrl", url);
    ctx.status(201)
        .header("Location", base(ctx) + ALERTS + "/" + alert.identifier())
        .contentType(JSON)
        .result(JsonCodec.write(body));
  }

  private void feed(Context ctx) {
    List<PublicAlerts.Published> current = alerts.current();
    String base = base(ctx);
    ctx.status(200)
        .contentType("application/atom+xml; charset=utf-8")
        .result(
            AtomFeed.write(current, base + FEED, base + PAGE, base)
                .getBytes(StandardCharsets.UTF_8));
  }

  private void page(Context ctx) {
    ctx.status(200)
        .contentType("text/html; charset=utf-8")
        .result(AlertsPage.render(alerts.current(), FEED).getBytes(StandardCharsets.UTF_8));
  }

  private String base(Context ctx) {
    if (publicUrl != null) {
      return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
    return ctx.scheme() + "://" + ctx.host();
  }

  static String capUrl(String base, String identifier) {
    return base + ALERTS + "/" + identifier + ".xml";
  }
}
