package org.civitas.rules.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civitas.rules.alarm.store.AlarmSeverity;

/**
 * One way to reach people, as defined at {@code /api/v1/notification-channels}.
 *
 * @param minSeverity alarms at least this severe go here; empty: only alarms whose rule names this
 *     channel (a Notify action)
 * @param url webhook only
 * @param secret webhook only: the HMAC-SHA256 key of the signature
 * @param smtpHost e-mail only, as are {@code smtpPort}, {@code from} and {@code to}
 * @param topic MQTT only
 * @param maxAttempts attempts before a delivery is dead-lettered; empty: the setting
 * @param escalateTo a channel that alarms this channel notified are escalated to when still
 *     unacknowledged {@code escalateAfter} after they were raised; empty: no escalation
 */
public record NotificationChannel(
    String name,
    Type type,
    Optional<AlarmSeverity> minSeverity,
    Optional<QuietHours> quietHours,
    String url,
    String secret,
    String smtpHost,
    int smtpPort,
    String from,
    List<String> to,
    String topic,
    Optional<Integer> maxAttempts,
    Optional<String> escalateTo,
    Duration escalateAfter) {

  public NotificationChannel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    to = to == null ? List.of() : List.copyOf(to);
  }

  public enum Type {
    WEBHOOK,
    EMAIL,
    MQTT
  }

  /**
   * A daily window in which notifications below {@code exceptSeverity} are held until it ends;
   * {@code from} after {@code to} spans midnight.
   */
  public record QuietHours(
      LocalTime from, LocalTime to, ZoneId zone, AlarmSeverity exceptSeverity) {
    public QuietHours {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(zone, "zone");
      Objects.requireNonNull(exceptSeverity, "exceptSeverity");
    }

    /**
     * When a notification of {@code severity} at {@code now} may go: {@code now} or the window's
     * end.
     */
    public Instant releaseAt(Instant now, AlarmSeverity severity) {
      if (severity.reaches(exceptSeverity) || from.equals(to)) {
        return now;
      }
      ZonedDateTime local = now.atZone(zone);
      LocalTime time = local.toLocalTime();
      boolean spansMidnight = from.isAfter(to);
      boolean quiet =
          spansMidnight
              ? !time.isBefore(from) || time.isBefore(to)
              : !time.isBefore(from) && time.isBefore(to);
      if (!quiet) {
        return now;
      }
      ZonedDateTime end = local.with(to);
      if (!end.isAfter(local)) {
        end = local.plusDays(1).with(to);
      }
      return end.toInstant();
    }
  }
}
