package org.civitas.devices.lorawan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.error.UnavailableException;

/** The HTTP side both downlink clients share: JSON POSTs, time-outs and error translation. */
final class NetworkServerHttp {

  private static final int QUOTED_BODY = 500;

  private final String serverName;
  private final URI baseUrl;
  private final Duration timeout;
  private final HttpClient client;

  NetworkServerHttp(String serverName, URI baseUrl, Duration timeout) {
    this.serverName = serverName;
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(timeout, "timeout");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException(
          serverName + " base URL must be http or https, was " + baseUrl);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(serverName + " timeout must be positive, was " + timeout);
    }
    String text = baseUrl.toString();
    this.baseUrl = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    this.timeout = timeout;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  URI url(String path) {
    return URI.create(baseUrl + path);
  }

  <T> CompletableFuture<T> post(
      URI url,
      Map<String, String> headers,
      ObjectNode body,
      String device,
      Function<JsonNode, T> onSuccess) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    headers.forEach(request::header);
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                throw new CompletionException(unreachable(url, unwrap(failure)));
              }
              int status = response.statusCode();
              if (status / 100 != 2) {
                throw new CompletionException(refused(device, status, response.body()));
              }
              return onSuccess.apply(readBody(response.body()));
            });
  }

  private RuntimeException unreachable(URI url, Throwable cause) {
    String what =
        cause instanceof HttpTimeoutException
            ? "did not answer within " + timeout.toMillis() + " ms"
            : "could not be reached (" + cause + ")";
    return new UnavailableException(serverName + " at " + url + " " + what, cause);
  }

  private RuntimeException refused(String device, int status, String body) {
    String quoted = body == null || body.isBlank() ? "no body" : quote(body);
    String message =
        "%s refused the downlink for device %s: HTTP %d, %s"
            .formatted(serverName, device, status, quoted);
    return switch (status) {
      case 400, 422 -> new InvalidInputException(message, "downlink");
      case 404 -> new NotFoundException(message, "device");
      default -> new UnavailableException(message, null);
    };
  }

  private static String quote(String body) {
    String flat = body.strip().replaceAll("\\s+", " ");
    return flat.length() > QUOTED_BODY ? flat.substring(0, QUOTED_BODY) + "…" : flat;
  }

  private static JsonNode readBody(String body) {
    if (body == null || body.isBlank()) {
      return EventJson.MAPPER.missingNode();
    }
    try {
      return EventJson.MAPPER.readTree(body);
    } catch (IOException e) {
      // A 2xx without a JSON body still queued the downlink; there is just no id to report.
      return EventJson.MAPPER.missingNode();
    }
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
