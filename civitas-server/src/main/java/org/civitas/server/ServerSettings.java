package org.civitas.server;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the HTTP server, validated as a whole when constructed (every problem is reported
 * at once).
 *
 * @param host the address to bind, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param port the port to bind; 0 picks a free port
 * @param publicUrl the absolute URL clients reach the server at (e.g. behind a proxy), used for
 *     {@code @iot.selfLink} and {@code @iot.nextLink}; null derives it from each request
 * @param defaultTop how many entities a collection page holds when the client gives no {@code $top}
 * @param maxTop the largest page the server returns, whatever {@code $top} asks for
 */
public record ServerSettings(String host, int port, String publicUrl, int defaultTop, int maxTop) {

  public static final int DEFAULT_PORT = 8080;
  public static final int DEFAULT_TOP = 100;
  public static final int DEFAULT_MAX_TOP = 10_000;

  public ServerSettings {
    List<String> problems = new ArrayList<>();
    if (host == null || host.isBlank()) {
      problems.add("host must name an address to bind, e.g. 0.0.0.0");
    }
    if (port < 0 || port > 65_535) {
      problems.add("port must be between 0 and 65535, was " + port);
    }
    if (publicUrl != null) {
      publicUrl =
          publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
      if (!isAbsoluteHttpUrl(publicUrl)) {
        problems.add("publicUrl must be an absolute http(s) URL, was '" + publicUrl + "'");
      }
    }
    if (defaultTop < 1) {
      problems.add("defaultTop must be at least 1, was " + defaultTop);
    }
    if (maxTop < defaultTop) {
      problems.add("maxTop must be at least defaultTop (" + defaultTop + "), was " + maxTop);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid server settings: " + String.join("; ", problems));
    }
  }

  /** Port 8080 on every interface, links derived from requests, pages of 100 up to 10,000. */
  public static ServerSettings defaults() {
    return new ServerSettings("0.0.0.0", DEFAULT_PORT, null, DEFAULT_TOP, DEFAULT_MAX_TOP);
  }

  /** The loopback interface on a free port, as tests use it. */
  public static ServerSettings loopbackOnFreePort() {
    return new ServerSettings("127.0.0.1", 0, null, DEFAULT_TOP, DEFAULT_MAX_TOP);
  }

  private static boolean isAbsoluteHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return uri.getHost() != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getQuery() == null
          && uri.getFragment() == null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
