package org.civitas.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.civitas.governance.identity.Principal;
import org.civitas.governance.identity.Role;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.CivitasServer;
import org.civitas.server.RouteRegistration;
import org.civitas.server.ServerSettings;
import org.civitas.server.access.Callers;

/**
 * A real Civitas server on 127.0.0.1 and a free port for the governance route tests, with an HTTP
 * client. The identity gate is another part's work, so a test {@code before} handler stands in for
 * it: a request with header {@code X-Test-Principal: <id> <role> <role>...} acts as that account
 * ({@link Role#parse} reads the roles); without it, as anonymous. Only tests install this.
 */
public final class GovernanceServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String PRINCIPAL = "X-Test-Principal";

  private final CivitasServer server;
  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public GovernanceServer(SensingStore store, RouteRegistration routes) {
    server =
        new CivitasServer(
            new ServerSettings("127.0.0.1", 0, null, 100, 1000),
            store,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    server.withRoutes(
        r ->
            r.before(
                ctx -> {
                  String header = ctx.header(PRINCIPAL);
                  if (header != null) {
                    String[] words = header.trim().split(" +");
                    Set<Role> roles =
                        Arrays.stream(words).skip(1).map(Role::parse).collect(Collectors.toSet());
                    Callers.set(ctx, new Principal(words[0], Principal.Kind.ACCOUNT, roles));
                  }
                }));
    server.withRoutes(routes);
    base = "http://127.0.0.1:" + server.start();
  }

  public record Answer(int status, String contentType, JsonNode json) {
    /** The problem's {@code field}, or null. */
    public String field() {
      return json == null || json.get("field") == null ? null : json.get("field").asText();
    }

    public String detail() {
      return json == null || json.get("detail") == null ? null : json.get("detail").asText();
    }
  }

  /**
   * @param as the {@link #PRINCIPAL} header ("anna dpo"), or null for anonymous
   */
  public Answer send(String method, String path, String as, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (as != null) {
      request.header(PRINCIPAL, as);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body().isEmpty() ? null : JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer get(String path, String as) {
    return send("GET", path, as, null);
  }

  @Override
  public void close() {
    server.stop();
  }
}
