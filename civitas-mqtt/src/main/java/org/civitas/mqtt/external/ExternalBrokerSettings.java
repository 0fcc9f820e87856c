package org.civitas.mqtt.external;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How Civitas reaches an external MQTT broker (Mosquitto, EMQX, HiveMQ) as a client.
 *
 * @param url {@code tcp://host:port} or {@code ssl://host:port} (port 1883 or 8883 when left out)
 * @param username the user to authenticate as; empty for anonymous access
 * @param password the password of {@code username}; never logged or shown
 * @param clientId this node's MQTT client identifier, unique among the nodes
 * @param persistentSession whether the broker keeps this node's session (its subscriptions and the
 *     publishes it has not acknowledged) across disconnects and restarts; only sensible with a
 *     client id that stays the same across restarts
 * @param sharedGroup the shared subscription group of all nodes of one city, so that each publish
 *     goes to one of them
 * @param topicPrefix levels before {@code v1.1/} that isolate this city on a shared broker, such as
 *     {@code city/a}; empty for none
 */
public record ExternalBrokerSettings(
    URI url,
    String username,
    String password,
    String clientId,
    boolean persistentSession,
    String sharedGroup,
    String topicPrefix) {

  public ExternalBrokerSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(sharedGroup, "sharedGroup");
    Objects.requireNonNull(topicPrefix, "topicPrefix");
    List<String> problems = new ArrayList<>();
    problems.addAll(urlProblems(url.toString()));
    problems.addAll(clientIdProblems(clientId));
    problems.addAll(sharedGroupProblems(sharedGroup));
    problems.addAll(topicPrefixProblems(topicPrefix));
    if (username.isEmpty() && !password.isEmpty()) {
      problems.add("a password needs a username");
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "invalid external MQTT broker settings: " + String.join("; ", problems));
    }
  }

  /** Whether the connection is encrypted ({@code ssl://}). */
  public boolean tls() {
    return scheme(url).equals("ssl") || scheme(url).equals("mqtts");
  }

  /** The broker's host name or address. */
  public String host() {
    return url.getHost();
  }

  /** The broker's port: the URL's, or 1883 (8883 with TLS) when it names none. */
  public int port() {
    if (url.getPort() >= 0) {
      return url.getPort();
    }
    return tls() ? 8883 : 1883;
  }

  /** The endpoint the service root announces to clients, e.g. {@code mqtt://broker:1883}. */
  public String endpoint() {
    String host = host().contains(":") ? "[" + host() + "]" : host();
    return (tls() ? "mqtts://" : "mqtt://") + host + ":" + port();
  }

  /** {@code topic} below the topic prefix: {@code city/a/v1.1/Things} for {@code v1.1/Things}. */
  public String prefixed(String topic) {
    return topicPrefix.isEmpty() ? topic : topicPrefix + "/" + topic;
  }

  /** The topic without the prefix; {@code null} when it does not start with the prefix. */
  String unprefixed(String topic) {
    if (topicPrefix.isEmpty()) {
      return topic;
    }
    String start = topicPrefix + "/";
    return topic.startsWith(start) ? topic.substring(start.length()) : null;
  }

  /**
   * What is wrong with a broker URL as an operator wrote it; empty when it is usable. Used by the
   * configuration so that every problem is reported at once.
   */
  public static List<String> urlProblems(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      return List.of("expected a broker URL such as tcp://127.0.0.1:1883 or ssl://broker:8883");
    }
    String scheme = scheme(uri);
    List<String> problems = new ArrayList<>();
    if (!List.of("tcp", "ssl", "mqtt", "mqtts").contains(scheme) || uri.getHost() == null) {
      problems.add("expected a broker URL such as tcp://127.0.0.1:1883 or ssl://broker:8883");
    }
    if (uri.getUserInfo() != null) {
      problems.add("the broker URL must not hold credentials; set mqtt.username and mqtt.password");
    }
    if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
        || uri.getRawQuery() != null) {
      problems.add("the broker URL names a host and port only, without a path or query");
    }
    return problems;
  }

  /** What is wrong with a client identifier; empty when it is usable. */
  public static List<String> clientIdProblems(String clientId) {
    if (clientId.isEmpty()
        || clientId.length() > 128
        || !clientId.chars().allMatch(c -> c > ' ' && c < 127)) {
      return List.of("expected 1 to 128 printable ASCII characters without spaces");
    }
    return List.of();
  }

  /** What is wrong with a shared subscription group name; empty when it is usable. */
  public static List<String> sharedGroupProblems(String group) {
    if (group.isEmpty() || group.chars().anyMatch(c -> c == '/' || c == '+' || c == '#')) {
      return List.of("expected a group name without /, + or #, such as civitas");
    }
    return List.of();
  }

  /** What is wrong with a topic prefix; empty when it is usable (the empty prefix is). */
  public static List<String> topicPrefixProblems(String prefix) {
    if (prefix.isEmpty()) {
      return List.of();
    }
    if (prefix.startsWith("$")
        || prefix.startsWith("/")
        || prefix.endsWith("/")
        || prefix.contains("//")
        || prefix.contains("+")
        || prefix.contains("#")) {
      return List.of(
          "expected topic levels such as city/a: no wildcards, no leading $, no empty levels");
    }
    return List.of();
  }

  private static String scheme(URI uri) {
    return uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
  }

  /** Masks the password: records print every component, and settings end up in logs. */
  @Override
  public String toString() {
    return "ExternalBrokerSettings[url=%s, username=%s, password=%s, clientId=%s,"
            .formatted(url, username, password.isEmpty() ? "" : "********", clientId)
        + " persistentSession=%s, sharedGroup=%s, topicPrefix=%s]"
            .formatted(persistentSession, sharedGroup, topicPrefix);
  }
}
