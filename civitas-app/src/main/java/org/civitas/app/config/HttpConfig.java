package org.civitas.app.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where the HTTP API listens and how clients reach it.
 *
 * @param host the address to bind
 * @param port the TCP port; 0 picks a free one
 * @param publicUrl the URL clients use (behind a proxy); empty derives links from each request
 */
public record HttpConfig(String host, int port, Optional<URI> publicUrl) {

  static final Setting HOST =
      Setting.of("http", "host", "0.0.0.0", "Address to bind; 127.0.0.1 keeps the API local");
  static final Setting PORT =
      Setting.of("http", "port", "8080", "TCP port of the HTTP API; 0 picks a free port");
  static final Setting PUBLIC_URL =
      Setting.of(
          "http",
          "public-url",
          "",
          "Absolute URL clients reach the API at (behind a proxy), used in @iot.selfLink;"
              + " derived from each request when empty");
  static final List<Setting> SETTINGS = List.of(HOST, PORT, PUBLIC_URL);

  static HttpConfig read(SettingsReader settings) {
    String host = settings.text(HOST);
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
      settings.problem(HOST, "expected an address to bind, such as 0.0.0.0 or 127.0.0.1");
    }
    return new HttpConfig(host, settings.integer(PORT, 0, 65_535), settings.httpUrl(PUBLIC_URL));
  }
}
