package org.civitas.rules.alarm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import org.civitas.rules.alarm.store.Alarm;
import org.civitas.rules.alarm.store.AlarmComment;
import org.civitas.server.http.JsonCodec;

/** An alarm as JSON, for the API and for the notifications that carry it (docs/API.md, Alarms). */
public final class AlarmJson {
  private AlarmJson() {}

  public static ObjectNode alarm(Alarm alarm) {
    ObjectNode json = JsonCodec.newObject();
    json.put("id", alarm.id());
    json.put("ruleId", alarm.ruleId());
    json.put("ruleVersion", alarm.ruleVersion());
    json.put("source", alarm.source());
    json.put("severity", alarm.severity().name());
    json.put("state", alarm.state().name().toLowerCase(Locale.ROOT));
    json.put("summary", alarm.summary());
    json.set("values", JsonCodec.readTree(alarm.values().text()));
    json.put("count", alarm.count());
    time(json, "raisedAt", alarm.raisedAt());
    time(json, "lastAt", alarm.lastAt());
    time(json, "acknowledgedAt", alarm.acknowledgedAt());
    json.put("acknowledgedBy", alarm.acknowledgedBy());
    time(json, "clearedAt", alarm.clearedAt());
    json.put("clearedBy", alarm.clearedBy());
    time(json, "escalatedAt", alarm.escalatedAt());
    json.put("assignee", alarm.assignee());
    ArrayNode channels = json.putArray("notifyChannels");
    alarm.notifyChannels().forEach(channels::add);
    ArrayNode comments = json.putArray("comments");
    for (AlarmComment comment : alarm.comments()) {
      comments
          .addObject()
          .put("author", comment.author())
          .put("at", comment.at().toString())
          .put("text", comment.text());
    }
    return json;
  }

  private static void time(ObjectNode json, String name, Instant at) {
    json.put(name, at == null ? null : at.toString());
  }
}
