package org.civitas.governance.classes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A small HTTP client for the governance tests: every call names who asks (the {@value #AS} header,
 * which the test's gate turns into the principal) and, optionally, the purpose.
 */
final class Http {

  /** The test gate's header: the principal's id, then its roles, separated by spaces. */
  static final String AS = "X-Test-As";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  Http(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** One answer: status and body. */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
      }
    }

    String code() {
      return json().path("code").asText();
    }

    String field() {
      return json().path("field").asText();
    }
  }

  /** Who asks and for what; {@code as} null for anonymous, {@code purpose} null for none. */
  record Caller(String as, String purpose) {
    static final Caller ANONYMOUS = new Caller(null, null);

    Caller forPurpose(String purpose) {
      return new Caller(as, purpose);
    }
  }

  Answer get(Caller caller, String path) {
    return send(caller, HttpRequest.newBuilder(uri(path)).GET());
  }

  Answer post(Caller caller, String path, String body) {
    return send(
        caller,
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer put(Caller caller, String path, String body) {
    return send(
        caller,
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  Answer patch(Caller caller, String path, String body) {
    return send(
        caller,
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
  }

  private URI uri(String path) {
    return URI.create(path.startsWith("http") ? path : base + path);
  }

  private Answer send(Caller caller, HttpRequest.Builder request) {
    if (caller.as() != null) {
      request.header(AS, caller.as());
    }
    if (caller.purpose() != null) {
      request.header(DataClassGuard.PURPOSE_HEADER, caller.purpose());
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
