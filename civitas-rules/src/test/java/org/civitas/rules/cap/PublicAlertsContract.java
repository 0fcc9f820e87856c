package org.civitas.rules.cap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.civitas.city.District;
import org.civitas.rules.cap.store.PublicAlertStore;
import org.civitas.rules.cap.store.StoredAlertMessage;
import org.civitas.rules.evaluation.RuleAction;
import org.civitas.rules.evaluation.RuleOutcome;
import org.civitas.rules.evaluation.Severity;
import org.civitas.rules.evaluation.Transition;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Public alerts end to end on one storage engine (a subclass per engine): rule outcomes fed to
 * {@link PublicAlerts} as the rules engine would, and the HTTP API on a real server on 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PublicAlertsContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HARBOUR =
      "{\"type\":\"Polygon\",\"coordinates\":[[[9.95,53.54],[10.01,53.54],[10.01,53.57],"
          + "[9.95,53.57],[9.95,53.54]]]}";
  private static final String OLD_TOWN =
      "{\"type\":\"Polygon\",\"coordinates\":[[[9.9,53.5],[9.95,53.5],[9.95,53.54],[9.9,53.5]]]}";

  private SensingStore sensing;
  private PublicAlertStore store;
  private PublicAlerts alerts;
  private CivitasServer server;
  private String base;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final CapValidator validator = new CapValidator();

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void start() {
    sensing = openStore();
    Storage.districts(sensing)
        .replaceAll(
            List.of(
                new District("Harbour", new Json(HARBOUR), new Json("{}")),
                new District("Old Town", new Json(OLD_TOWN), new Json("{}"))));
    store = Storage.publicAlerts(sensing);
    alerts =
        new PublicAlerts(
            store, Storage.districts(sensing), "civitas@test.example", Clock.systemUTC());
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            sensing,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    server.withRoutes(routes -> PublicAlertRoutes.register(routes, alerts, null));
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterAll
  void stop() {
    server.stop();
    sensing.close();
    cleanUp();
  }

  private static RuleOutcome flood(String rule, Transition transition, Instant at, double level) {
    return new RuleOutcome(
        rule,
        1,
        "district:Harbour",
        transition,
        Severity.CRITICAL,
        at,
        "Water level " + level + " m at the harbour gauge",
        Map.of("value", level),
        List.of(
            new RuleAction.RaiseAlarm(),
            new RuleAction.IssuePublicAlert(
                "Flood warning",
                "Immediate",
                "Severe",
                "Observed",
                List.of("Harbour"),
                "Flood on the quay",
                "Leave the quay and go to higher floors")));
  }

  private String origin(String rule) {
    return "rule:" + rule + " district:Harbour";
  }

  @Test
  void the_flood_raises_an_alert_then_an_update_then_a_cancel_each_valid_cap() {
    String rule = "flood-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");

    alerts.on(flood(rule, Transition.RAISE, t0, 4.31));
    StoredAlertMessage alert = store.latestOfOrigin(origin(rule)).orElseThrow();
    alerts.on(flood(rule, Transition.RAISE, t0.plusSeconds(600), 4.6));
    StoredAlertMessage update = store.latestOfOrigin(origin(rule)).orElseThrow();
    alerts.on(flood(rule, Transition.CLEAR, t0.plusSeconds(3600), 3.9));
    StoredAlertMessage cancel = store.latestOfOrigin(origin(rule)).orElseThrow();

    assertThat(List.of(alert, update, cancel))
        .extracting(StoredAlertMessage::msgType)
        .containsExactly("Alert", "Update", "Cancel");
    assertThat(store.chain(alert.identifier())).containsExactly(alert, update, cancel);
    for (StoredAlertMessage message : List.of(alert, update, cancel)) {
      assertThat(validator.problems(message.xml())).isEmpty();
    }
    assertThat(alert.xml())
        .contains("<category>Met</category>")
        .contains("<areaDesc>Harbour</areaDesc>")
        .contains("<polygon>53.54,9.95 53.54,10.01 53.57,10.01 53.57,9.95 53.54,9.95</polygon>")
        .contains("<onset>2026-11-23T10:00:00+00:00</onset>");
    String first =
        "civitas@test.example," + alert.identifier() + "," + CapXml.dateTime(alert.sent());
    assertThat(update.xml()).contains("<references>" + first + "</references>");
    assertThat(cancel.xml())
        .contains(
            "<references>"
                + first
                + " civitas@test.example,"
                + update.identifier()
                + ","
                + CapXml.dateTime(update.sent())
                + "</references>");
  }

  @Test
  void a_replayed_outcome_issues_nothing_and_a_raise_after_the_cancel_starts_a_new_chain() {
    String rule = "heat-" + UUID.randomUUID();
    Instant t0 = Instant.parse("2026-07-01T12:00:00Z");

    alerts.on(flood(rule, Transition.RAISE, t0, 4.31));
    alerts.on(flood(rule, Transition.RAISE, t0, 4.31));
    String first = store.latestOfOrigin(origin(rule)).orElseThrow().identifier();
    assertThat(store.chain(first)).hasSize(1);

    alerts.on(flood(rule, Transition.CLEAR, t0.plusSeconds(60), 3.0));
    alerts.on(flood(rule, Transition.CLEAR, t0.plusSeconds(60), 3.0));
    alerts.on(flood(rule, Transition.CLEAR, t0.plusSeconds(90), 3.0));
    assertThat(store.chain(first))
        .extracting(StoredAlertMessage::msgType)
        .containsExactly("Alert", "Cancel");

    alerts.on(flood(rule, Transition.RAISE, t0.plusSeconds(120), 4.5));
    StoredAlertMessage fresh = store.latestOfOrigin(origin(rule)).orElseThrow();
    assertThat(fresh.msgType()).isEqualTo("Alert");
    assertThat(fresh.chain()).isNotEqualTo(first);
  }

  @Test
  void an_operator_issues_updates_and_cancels_an_alert_over_http() throws Exception {
    HttpResponse<String> created =
        post(
            "/api/v1/alerts",
            """
            {"category": ["Met"], "event": "Heat warning", "urgency": "Expected",
             "severity": "Moderate", "certainty": "Likely", "districts": ["Old Town", "Harbour"],
             "headline": "Heat over 35 °C from noon", "instruction": "Drink water; check on neighbours",
             "expires": "2026-12-31T18:00:00+01:00", "responseType": ["Prepare"]}""");
    assertThat(created.statusCode()).isEqualTo(201);
    String id = JSON.readTree(created.body()).path("identifier").asText();

    HttpResponse<String> xml = get("/api/v1/alerts/" + id + ".xml");
    assertThat(xml.statusCode()).isEqualTo(200);
    assertThat(xml.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/cap+xml");
    assertThat(validator.problems(xml.body())).isEmpty();
    assertThat(xml.body())
        .contains("<areaDesc>Old Town, Harbour</areaDesc>")
        .contains("<expires>2026-12-31T17:00:00+00:00</expires>");

    HttpResponse<String> updated =
        post(
            "/api/v1/alerts/" + id + "/update", "{\"severity\": \"Severe\", \"note\": \"hotter\"}");
    assertThat(updated.statusCode()).isEqualTo(201);
    JsonNode update = JSON.readTree(updated.body());
    assertThat(update.path("msgType").asText()).isEqualTo("Update");
    assertThat(update.path("info").path("severity").asText()).isEqualTo("Severe");
    assertThat(update.path("info").path("event").asText()).isEqualTo("Heat warning");
    assertThat(update.path("references").get(0).asText()).contains(id);

    HttpResponse<String> cancelled =
        post("/api/v1/alerts/" + id + "/cancel", "{\"note\": \"cooler\"}");
    assertThat(cancelled.statusCode()).isEqualTo(201);
    String cancelId = JSON.readTree(cancelled.body()).path("identifier").asText();
    assertThat(validator.problems(get("/api/v1/alerts/" + cancelId + ".xml").body())).isEmpty();
    assertThat(post("/api/v1/alerts/" + id + "/update", "{\"severity\": \"Minor\"}").statusCode())
        .isEqualTo(409);
    assertThat(get("/api/v1/alerts/urn:uuid:none.xml").statusCode()).isEqualTo(404);
  }

  @Test
  void operator_errors_are_400_naming_the_field_and_store_nothing() throws Exception {
    int before = store.current(PublicAlerts.LIMIT).size();
    String valid =
        "\"category\": \"Met\", \"event\": \"Flood\", \"urgency\": \"Immediate\","
            + " \"severity\": \"Severe\", \"certainty\": \"Observed\"";

    assertProblem(post("/api/v1/alerts", "{" + valid + "}"), "districts");
    assertProblem(
        post(
            "/api/v1/alerts",
            "{" + valid.replace("Immediate", "Now") + ", \"districts\": [\"Harbour\"]}"),
        "urgency");
    assertProblem(
        post("/api/v1/alerts", "{" + valid + ", \"districts\": [\"Harbour\", \"Atlantis\"]}"),
        "districts[1]");
    assertProblem(
        post(
            "/api/v1/alerts",
            "{"
                + valid.replace("\"Met\"", "[\"Met\", \"Weather\"]")
                + ", \"districts\": [\"Harbour\"]}"),
        "category[1]");
    assertProblem(
        post(
            "/api/v1/alerts",
            "{" + valid + ", \"districts\": [\"Harbour\"], \"expires\": \"tomorrow\"}"),
        "expires");
    assertProblem(
        post(
            "/api/v1/alerts", "{" + valid + ", \"districts\": [\"Harbour\"], \"colour\": \"red\"}"),
        "colour");

    assertThat(store.current(PublicAlerts.LIMIT)).hasSize(before);
  }

  @Test
  void the_atom_feed_parses_and_lists_the_current_messages_with_links_to_their_cap()
      throws Exception {
    String rule = "feed-" + UUID.randomUUID();
    alerts.on(flood(rule, Transition.RAISE, Instant.parse("2026-11-23T11:00:00Z"), 4.4));
    StoredAlertMessage current = store.latestOfOrigin(origin(rule)).orElseThrow();

    HttpResponse<String> feed = get("/api/v1/alerts.atom");
    assertThat(feed.statusCode()).isEqualTo(200);
    assertThat(feed.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/atom+xml");
    Document atom = parse(feed.body());
    Element root = atom.getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2005/Atom");
    assertThat(root.getLocalName()).isEqualTo("feed");
    NodeList entries = atom.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry");
    assertThat(entries.getLength()).isEqualTo(alerts.current().size());
    Element entry = null;
    for (int i = 0; i < entries.getLength(); i++) {
      Element candidate = (Element) entries.item(i);
      if (text(candidate, "id").equals(current.identifier())) {
        entry = candidate;
      }
    }
    assertThat(entry).as("the entry of " + current.identifier()).isNotNull();
    assertThat(text(entry, "title")).isEqualTo("Flood on the quay");
    assertThat(Instant.parse(text(entry, "updated"))).isEqualTo(current.sent());
    Element link =
        (Element) entry.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "link").item(0);
    assertThat(link.getAttribute("type")).isEqualTo("application/cap+xml");
    String href = link.getAttribute("href");
    assertThat(href).startsWith(base);
    assertThat(validator.problems(get(href.substring(base.length())).body())).isEmpty();
    assertThat(Instant.parse(text(root, "updated"))).isAfterOrEqualTo(current.sent());
  }

  @Test
  void the_public_page_shows_the_headline_escaped_with_severity_in_words() throws Exception {
    HttpResponse<String> created =
        post(
            "/api/v1/alerts",
            """
            {"category": "Safety", "event": "Gas leak", "urgency": "Immediate",
             "severity": "Extreme", "certainty": "Observed", "districts": ["Old Town"],
             "headline": "Gas leak <script>alert(1)</script> & evacuation",
             "instruction": "Leave \\"now\\""}""");
    assertThat(created.statusCode()).isEqualTo(201);

    HttpResponse<String> page = get("/alerts/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body())
        .contains("Gas leak &lt;script&gt;alert(1)&lt;/script&gt; &amp; evacuation")
        .doesNotContain("<script>")
        .contains("Severity: Extreme")
        .contains("Leave &quot;now&quot;")
        .contains("href=\"/api/v1/alerts.atom\"")
        .contains("<meta name=\"viewport\"");

    JsonNode list = JSON.readTree(get("/api/v1/alerts").body()).path("value");
    assertThat(list.get(0).path("active").asBoolean()).isTrue();
  }

  private static void assertProblem(HttpResponse<String> response, String field)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(response.body()).path("field").asText()).isEqualTo(field);
  }

  private static String text(Element parent, String name) {
    NodeList nodes = parent.getElementsByTagNameNS("http://www.w3.org/2005/Atom", name);
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i).getParentNode() == parent) {
        return nodes.item(i).getTextContent();
      }
    }
    throw new AssertionError("no " + name + " in " + parent.getLocalName());
  }

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }
}
