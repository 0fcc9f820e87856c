package org.civitas.rules.definition;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.civitas.governance.identity.Department;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.Callers;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A department sees and changes only its own rules, and a rule change is recorded under the
 * signed-in operator whatever author the body names. The principal is set as the governance gate
 * would set it (the gate is the governance module's).
 */
class RuleRoutesDepartmentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RULE =
      """
      {"name": "%s", "target": {"datastream": 3},
       "condition": {"kind": "absence", "duration": "PT30M"}, "author": "somebody else"%s}""";

  @TempDir Path dataDir;
  private SensingStore store;
  private CivitasServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private String base;
  private volatile Principal actingAs;

  @BeforeEach
  void start() {
    store = Storage.open(StorageSettings.embedded(dataDir));
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    RuleBook book = new RuleBook(Storage.rules(store), Clock.systemUTC());
    server.withRoutes(routes -> routes.before(ctx -> Callers.set(ctx, actingAs)));
    server.withRoutes(routes -> RuleRoutes.register(routes, book));
    base = "http://127.0.0.1:" + server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
    store.close();
    http.close();
  }

  @Test
  void an_operators_rule_belongs_to_its_department_and_is_signed_with_its_name() throws Exception {
    actingAs = operator(Department.ENVIRONMENT);
    HttpResponse<String> created = send("POST", "/api/v1/rules", RULE.formatted("ozone", ""));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode rule = JSON.readTree(created.body());
    assertThat(rule.get("department").asText()).isEqualTo("environment");
    assertThat(rule.get("author").asText()).isEqualTo("environment-operator");
    String path = "/api/v1/rules/" + rule.get("id").asText();

    actingAs = operator(Department.TRANSPORT);
    assertForbidden(send("GET", path, null));
    assertForbidden(send("PUT", path, RULE.formatted("mine", "")));
    assertForbidden(send("DELETE", path, null));
    assertThat(JSON.readTree(send("GET", "/api/v1/rules", null).body()).get("value"))
        .as("another department's rules are not listed")
        .isEmpty();
    assertForbidden(
        send("POST", "/api/v1/rules", RULE.formatted("x", ", \"department\": \"health\"")));

    actingAs = operator(Department.ENVIRONMENT);
    HttpResponse<String> changed = send("PUT", path, RULE.formatted("ozone v2", ""));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(JSON.readTree(changed.body()).get("department").asText())
        .as("a version without a department keeps the rule's")
        .isEqualTo("environment");
    assertForbidden(send("PUT", path, RULE.formatted("away", ", \"department\": \"transport\"")));
  }

  private static void assertForbidden(HttpResponse<String> answer) throws Exception {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
    assertThat(answer.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(JSON.readTree(answer.body()).get("field").asText()).isEqualTo("department");
  }

  private static Principal operator(Department department) {
    return new Principal(
        department.wireName() + "-operator",
        Principal.Kind.ACCOUNT,
        Set.of(new Role.Operator(department)));
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
