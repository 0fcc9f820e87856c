package org.civitas.simulator.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * JSON over HTTP to a Civitas, for provisioning: blocking calls that answer the status and body,
 * failing with {@link PlatformException} on a status the caller did not expect. Thread-safe.
 */
final class PlatformHttp {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client;
  private final URI base;
  private final String apiKey;

  PlatformHttp(HttpClient client, Target target) {
    this.client = client;
    this.base = target.http();
    this.apiKey = target.apiKey();
  }

  record Answer(int status, JsonNode body, String location) {}

  Answer get(String path, int... expected) {
    return send(request(path).GET(), expected);
  }

  Answer post(String path, JsonNode body, int... expected) {
    return send(request(path).POST(publisher(body)), expected);
  }

  Answer put(String path, JsonNode body, int... expected) {
    return send(request(path).PUT(publisher(body)), expected);
  }

  /** A SensorThings {@code $filter} value: a quoted string literal. */
  static String literal(String text) {
    return URLEncoder.encode("'" + text.replace("'", "''") + "'", StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    return builder;
  }

  private static HttpRequest.BodyPublisher publisher(JsonNode body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer send(HttpRequest.Builder builder, int... expected) {
    HttpRequest request = builder.build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new PlatformException(
          request.method() + " " + request.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PlatformException(
          "interrupted during " + request.method() + " " + request.uri(), e);
    }
    String text = new String(response.body(), StandardCharsets.UTF_8);
    for (int status : expected) {
      if (status == response.statusCode()) {
        JsonNode body;
        try {
          body = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
        } catch (IOException e) {
          throw new PlatformException(
              request.method() + " " + request.uri() + " answered no JSON: " + text, e);
        }
        return new Answer(
            response.statusCode(), body, response.headers().firstValue("Location").orElse(null));
      }
    }
    throw new PlatformException(
        request.method()
            + " "
            + request.uri()
            + " answered "
            + response.statusCode()
            + ": "
            + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
  }
}
