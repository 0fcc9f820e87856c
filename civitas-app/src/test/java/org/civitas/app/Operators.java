package org.civitas.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The first administrator of a node under test, and signing in as it through the public API: every
 * write and every private read needs a principal, so the tests of a whole node sign in as an
 * operator would.
 */
final class Operators {
  /** The environment variable that sets the first administrator's password. */
  static final String ADMIN_PASSWORD_ENV = "CIVITAS_AUTH_ADMIN_PASSWORD";

  /** Given to nodes under test, so they can sign in without reading the generated file. */
  static final String ADMIN_PASSWORD = "brennhaven-test-admin-password";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Operators() {}

  /** A session token of {@code admin} at the node of {@code base} (e.g. http://127.0.0.1:8080). */
  static String adminToken(HttpClient client, URI base) {
    try {
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/sign-in"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "signing in as admin answered " + answer.statusCode() + ": " + answer.body());
      }
      JsonNode body = JSON.readTree(answer.body());
      return body.path("token").asText();
    } catch (IOException e) {
      throw new IllegalStateException("signing in as admin failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signing in", e);
    }
  }
}
