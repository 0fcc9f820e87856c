package org.civitas.rules.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.civitas.error.InvalidInputException;
import org.civitas.rules.alarm.store.AlarmSeverity;
import org.civitas.rules.notify.NotificationChannel.QuietHours;
import org.civitas.rules.notify.NotificationChannel.Type;
import org.civitas.server.http.JsonCodec;

/** Reads and checks a channel's JSON (docs/API.md, "Notification channels") and writes it back. */
final class ChannelJson {
  static final String MASK = "********";
  static final Duration DEFAULT_ESCALATE_AFTER = Duration.ofMinutes(30);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Pattern ADDRESS = Pattern.compile("[^\\s<>@]+@[^\\s<>@]+");
  private static final Set<String> KNOWN =
      Set.of(
          "name",
          "type",
          "minSeverity",
          "quietHours",
          "url",
          "secret",
          "smtpHost",
          "smtpPort",
          "from",
          "to",
          "topic",
          "maxAttempts",
          "escalateTo",
          "escalateAfter");

  private ChannelJson() {}

  static NotificationChannel read(ObjectNode json) {
    json.fieldNames()
        .forEachRemaining(
            field -> {
              if (!KNOWN.contains(field)) {
                throw new InvalidInputException("unknown member " + field, field);
              }
            });
    String name = required(json, "name");
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "name is 1 to 100 letters, digits, '.', '_' or '-', found \"" + name + "\"", "name");
    }
    Type type = enumOf(Type.class, required(json, "type"), "type");
    Optional<AlarmSeverity> minSeverity =
        optional(json, "minSeverity").map(s -> enumOf(AlarmSeverity.class, s, "minSeverity"));
    Optional<QuietHours> quiet = Optional.empty();
    JsonNode quietNode = json.get("quietHours");
    if (quietNode != null && !quietNode.isNull()) {
      if (!(quietNode instanceof ObjectNode q)) {
        throw new InvalidInputException("quietHours must be an object", "quietHours");
      }
      quiet =
          Optional.of(
              new QuietHours(
                  time(required(q, "from", "quietHours.from"), "quietHours.from"),
                  time(required(q, "to", "quietHours.to"), "quietHours.to"),
                  zone(required(q, "zone", "quietHours.zone")),
                  optional(q, "exceptSeverity")
                      .map(s -> enumOf(AlarmSeverity.class, s, "quietHours.exceptSeverity"))
                      .orElse(AlarmSeverity.CRITICAL)));
    }
    String url = null;
    String secret = null;
    String smtpHost = null;
    int smtpPort = 25;
    String from = null;
    List<String> to = List.of();
    String topic = null;
    switch (type) {
      case WEBHOOK -> {
        url = required(json, "url");
        try {
          URI uri = URI.create(url);
          if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
              || uri.getHost() == null) {
            throw new IllegalArgumentException("not http(s)");
          }
        } catch (IllegalArgumentException e) {
          throw new InvalidInputException(
              "url is an http or https URL, found \"" + url + "\"", "url");
        }
        secret = required(json, "secret");
        if (secret.length() < 16) {
          throw new InvalidInputException("secret has at least 16 characters", "secret");
        }
      }
      case EMAIL -> {
        smtpHost = required(json, "smtpHost");
        smtpPort = intOf(json, "smtpPort", 25, 1, 65535);
        from = address(required(json, "from"), "from");
        JsonNode toNode = json.get("to");
        if (!(toNode instanceof ArrayNode array) || array.isEmpty()) {
          throw new InvalidInputException("to is a non-empty array of e-mail addresses", "to");
        }
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
          addresses.add(address(array.get(i).asText(), "to[" + i + "]"));
        }
        to = addresses;
      }
      case MQTT -> {
        topic = required(json, "topic");
        if (topic.contains("+") || topic.contains("#") || topic.startsWith("$")) {
          throw new InvalidInputException(
              "topic is a plain MQTT topic name (no wildcards, not $...), found \"" + topic + "\"",
              "topic");
        }
      }
    }
    Optional<Integer> maxAttempts =
        json.has("maxAttempts")
            ? Optional.of(intOf(json, "maxAttempts", 1, 1, 100))
            : Optional.empty();
    Optional<String> escalateTo = optional(json, "escalateTo");
    Duration escalateAfter =
        optional(json, "escalateAfter").map(ChannelJson::duration).orElse(DEFAULT_ESCALATE_AFTER);
    return new NotificationChannel(
        name,
        type,
        minSeverity,
        quiet,
        url,
        secret,
        smtpHost,
        smtpPort,
        from,
        to,
        topic,
        maxAttempts,
        escalateTo,
        escalateAfter);
  }

  /** The channel as JSON; with {@code masked} its secret is replaced by {@link #MASK}. */
  static ObjectNode write(NotificationChannel channel, boolean masked) {
    ObjectNode json = JsonCodec.newObject();
    json.put("name", channel.name());
    json.put("type", channel.type().name().toLowerCase(Locale.ROOT));
    channel.minSeverity().ifPresent(s -> json.put("minSeverity", s.name()));
    channel
        .quietHours()
        .ifPresent(
            q ->
                json.putObject("quietHours")
                    .put("from", q.from().toString())
                    .put("to", q.to().toString())
                    .put("zone", q.zone().getId())
                    .put("exceptSeverity", q.exceptSeverity().name()));
    switch (channel.type()) {
      case WEBHOOK ->
          json.put("url", channel.url()).put("secret", masked ? MASK : channel.secret());
      case EMAIL -> {
        json.put("smtpHost", channel.smtpHost()).put("smtpPort", channel.smtpPort());
        json.put("from", channel.from());
        ArrayNode to = json.putArray("to");
        channel.to().forEach(to::add);
      }
      case MQTT -> json.put("topic", channel.topic());
    }
    channel.maxAttempts().ifPresent(n -> json.put("maxAttempts", n));
    channel.escalateTo().ifPresent(c -> json.put("escalateTo", c));
    json.put("escalateAfter", channel.escalateAfter().toString());
    return json;
  }

  private static String required(ObjectNode json, String field) {
    return required(json, field, field);
  }

  private static String required(ObjectNode json, String member, String field) {
    JsonNode node = json.get(member);
    if (node == null || !node.isTextual() || node.asText().isBlank()) {
      throw new InvalidInputException(field + " is required, a non-empty string", field);
    }
    return node.asText();
  }

  private static Optional<String> optional(ObjectNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw new InvalidInputException(field + " must be a string", field);
    }
    return Optional.of(node.asText());
  }

  private static int intOf(ObjectNode json, String field, int fallback, int min, int max) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToInt()
        || !node.isIntegralNumber()
        || node.asInt() < min
        || node.asInt() > max) {
      throw new InvalidInputException(
          field + " is a whole number from " + min + " to " + max + ", found " + node, field);
    }
    return node.asInt();
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String text, String field) {
    try {
      return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          field + " is one of " + List.of(type.getEnumConstants()) + ", found \"" + text + "\"",
          field);
    }
  }

  private static LocalTime time(String text, String field) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          field + " is a time like 22:00, found \"" + text + "\"", field);
    }
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "quietHours.zone is a time zone like Europe/Berlin, found \"" + text + "\"",
          "quietHours.zone");
    }
  }

  private static Duration duration(String text) {
    try {
      Duration duration = Duration.parse(text);
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException();
      }
      return duration;
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          "escalateAfter is a positive ISO-8601 duration like PT30M, found \"" + text + "\"",
          "escalateAfter");
    }
  }

  private static String address(String text, String field) {
    if (!ADDRESS.matcher(text).matches()) {
      throw new InvalidInputException(
          field + " is an e-mail address, found \"" + text + "\"", field);
    }
    return text;
  }
}
