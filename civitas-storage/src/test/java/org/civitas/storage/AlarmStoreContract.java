package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.civitas.error.ConflictException;
import org.civitas.error.NotFoundException;
import org.civitas.rules.alarm.store.Alarm;
import org.civitas.rules.alarm.store.AlarmChange;
import org.civitas.rules.alarm.store.AlarmComment;
import org.civitas.rules.alarm.store.AlarmQuery;
import org.civitas.rules.alarm.store.AlarmRaise;
import org.civitas.rules.alarm.store.AlarmSeverity;
import org.civitas.rules.alarm.store.AlarmState;
import org.civitas.rules.alarm.store.AlarmStore;
import org.civitas.rules.notify.store.DeliveryAttempt;
import org.civitas.rules.notify.store.DeliveryState;
import org.civitas.rules.notify.store.NotificationStore;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Alarms and notification deliveries ({@link AlarmStore}, {@link NotificationStore}, migration V9),
 * run once per engine by a subclass. Each test uses a rule id of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AlarmStoreContract {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  protected SensingStore sensing;
  protected AlarmStore alarms;
  protected NotificationStore notifications;

  /** How to reach a fresh, empty database of this engine; may be called again to reopen it. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    alarms = Storage.alarms(sensing);
    notifications = Storage.notifications(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private static String rule() {
    return "rule-" + UUID.randomUUID();
  }

  private static AlarmRaise raise(String rule, String source, AlarmSeverity severity, Instant at) {
    return new AlarmRaise(
        rule, 1, source, severity, at, "door open", new Json("{\"value\":1}"), List.of("ops"));
  }

  @Test
  void a_repeated_raise_updates_the_one_open_alarm_and_may_raise_its_severity() {
    String rule = rule();
    AlarmChange first = alarms.raise(raise(rule, "Datastreams(7)", AlarmSeverity.MINOR, T0));
    AlarmChange second =
        alarms.raise(raise(rule, "Datastreams(7)", AlarmSeverity.MAJOR, T0.plusSeconds(60)));
    AlarmChange third =
        alarms.raise(raise(rule, "Datastreams(7)", AlarmSeverity.MINOR, T0.plusSeconds(120)));

    assertThat(first.kind()).isEqualTo(AlarmChange.Kind.OPENED);
    assertThat(second.kind()).isEqualTo(AlarmChange.Kind.REPEATED);
    assertThat(second.severityRose()).isTrue();
    assertThat(third.severityRose()).isFalse();
    Alarm alarm = third.alarm().orElseThrow();
    assertThat(alarm.id()).isEqualTo(first.alarm().orElseThrow().id());
    assertThat(alarm.count()).isEqualTo(3);
    assertThat(alarm.severity()).isEqualTo(AlarmSeverity.MAJOR);
    assertThat(alarm.raisedAt()).isEqualTo(T0);
    assertThat(alarm.lastAt()).isEqualTo(T0.plusSeconds(120));
    assertThat(alarm.notifyChannels()).containsExactly("ops");
    assertThat(alarms.list(new AlarmQuery(null, null, rule, null, 0, 10))).hasSize(1);
  }

  @Test
  void a_replayed_outcome_changes_nothing() {
    String rule = rule();
    alarms.raise(raise(rule, "s", AlarmSeverity.MAJOR, T0));
    assertThat(alarms.raise(raise(rule, "s", AlarmSeverity.CRITICAL, T0)).kind())
        .isEqualTo(AlarmChange.Kind.NONE);
    assertThat(alarms.clearByRule(rule, "s", T0.plusSeconds(5)).kind())
        .isEqualTo(AlarmChange.Kind.CLEARED);
    assertThat(alarms.clearByRule(rule, "s", T0.plusSeconds(5)).kind())
        .isEqualTo(AlarmChange.Kind.NONE);
    // The RAISE replayed after its CLEAR does not open a second alarm.
    assertThat(alarms.raise(raise(rule, "s", AlarmSeverity.MAJOR, T0)).kind())
        .isEqualTo(AlarmChange.Kind.NONE);

    List<Alarm> all = alarms.list(new AlarmQuery(null, null, rule, null, 0, 10));
    assertThat(all)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.count()).isEqualTo(1);
              assertThat(a.severity()).isEqualTo(AlarmSeverity.MAJOR);
              assertThat(a.state()).isEqualTo(AlarmState.CLEARED);
            });
  }

  @Test
  void after_a_clear_a_new_raise_opens_a_new_alarm_and_the_list_is_newest_first() {
    String rule = rule();
    long first = alarms.raise(raise(rule, "s", AlarmSeverity.MINOR, T0)).alarm().orElseThrow().id();
    alarms.clearByRule(rule, "s", T0.plusSeconds(10));
    long second =
        alarms
            .raise(raise(rule, "s", AlarmSeverity.MINOR, T0.plusSeconds(20)))
            .alarm()
            .orElseThrow()
            .id();

    assertThat(second).isNotEqualTo(first);
    assertThat(alarms.list(new AlarmQuery(null, null, rule, null, 0, 10)))
        .extracting(Alarm::id)
        .containsExactly(second, first);
    assertThat(alarms.list(new AlarmQuery(AlarmState.RAISED, null, rule, null, 0, 10)))
        .extracting(Alarm::id)
        .containsExactly(second);
    assertThat(alarms.list(new AlarmQuery(null, null, rule, null, 1, 1)))
        .extracting(Alarm::id)
        .containsExactly(first);
  }

  @Test
  void the_database_refuses_a_second_open_alarm_for_one_rule_and_source() {
    String rule = rule();
    alarms.raise(raise(rule, "s", AlarmSeverity.MINOR, T0));
    String key = JdbcAlarmStore.key(rule, "s");
    JdbcSensingStore jdbc = (JdbcSensingStore) sensing;
    assertThatThrownBy(
            () -> {
              try (var connection = jdbc.dataSource().getConnection();
                  var statement = connection.createStatement()) {
                statement.executeUpdate(
                    "INSERT INTO alarm (rule_id, rule_version, source, latest_key, open_key,"
                        + " severity, state, raised_at, last_at, repeats, summary, alarm_values,"
                        + " notify_channels) VALUES ('"
                        + rule
                        + "', 1, 's', '"
                        + key
                        + "', '"
                        + key
                        + "', 'MINOR', 'RAISED', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1, 'x',"
                        + " '{}', '[]')");
              }
            })
        .isInstanceOf(java.sql.SQLException.class)
        .extracting(e -> ((java.sql.SQLException) e).getSQLState())
        .isEqualTo("23505");
  }

  @Test
  void the_lifecycle_moves_only_forward_with_assignee_and_comments() {
    String rule = rule();
    long id = alarms.raise(raise(rule, "s", AlarmSeverity.MAJOR, T0)).alarm().orElseThrow().id();

    alarms.assign(id, "dana");
    alarms.comment(id, new AlarmComment("dana", T0.plusSeconds(1), "on my way"));
    alarms.comment(id, new AlarmComment("eli", T0.plusSeconds(2), "door shut"));
    Alarm acknowledged = alarms.acknowledge(id, "dana", T0.plusSeconds(3));
    assertThatThrownBy(() -> alarms.acknowledge(id, "eli", T0.plusSeconds(4)))
        .isInstanceOf(ConflictException.class)
        .satisfies(e -> assertThat(((ConflictException) e).field()).contains("state"));
    Alarm cleared = alarms.clear(id, "eli", T0.plusSeconds(5));
    assertThatThrownBy(() -> alarms.clear(id, "eli", T0.plusSeconds(6)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> alarms.acknowledge(-1, "eli", T0))
        .isInstanceOf(NotFoundException.class);

    assertThat(acknowledged.state()).isEqualTo(AlarmState.ACKNOWLEDGED);
    assertThat(acknowledged.acknowledgedBy()).isEqualTo("dana");
    assertThat(cleared.state()).isEqualTo(AlarmState.CLEARED);
    assertThat(cleared.clearedBy()).isEqualTo("eli");
    assertThat(cleared.assignee()).isEqualTo("dana");
    assertThat(cleared.comments())
        .extracting(AlarmComment::text)
        .containsExactly("on my way", "door shut");
    // Cleared by hand, the rule's next RAISE opens a new alarm.
    assertThat(alarms.raise(raise(rule, "s", AlarmSeverity.MAJOR, T0.plusSeconds(9))).kind())
        .isEqualTo(AlarmChange.Kind.OPENED);
  }

  @Test
  void an_alarm_is_escalated_once_and_only_while_unacknowledged() {
    String rule = rule();
    long id = alarms.raise(raise(rule, "s", AlarmSeverity.MAJOR, T0)).alarm().orElseThrow().id();
    assertThat(alarms.unacknowledged()).extracting(Alarm::id).contains(id);

    assertThat(alarms.markEscalated(id, T0.plusSeconds(1800))).isTrue();
    assertThat(alarms.markEscalated(id, T0.plusSeconds(1900))).isFalse();
    assertThat(alarms.unacknowledged()).extracting(Alarm::id).doesNotContain(id);
    assertThat(alarms.find(id).orElseThrow().escalatedAt()).isEqualTo(T0.plusSeconds(1800));
  }

  @Test
  void a_failed_delivery_is_due_again_then_dead_and_a_retry_makes_it_pending() {
    String channel = "ch-" + UUID.randomUUID().toString().substring(0, 8);
    notifications.saveChannel(channel, new Json("{\"name\":\"" + channel + "\"}"));
    var delivery =
        notifications.enqueue(channel, 7, "raised", new Json("{\"a\":1}"), T0, T0.plusSeconds(1));

    assertThat(notifications.due(T0, 100)).extracting(d -> d.id()).doesNotContain(delivery.id());
    assertThat(notifications.due(T0.plusSeconds(1), 100))
        .extracting(d -> d.id())
        .contains(delivery.id());
    notifications.recordAttempt(
        delivery.id(),
        new DeliveryAttempt(1, T0.plusSeconds(1), false, "HTTP 500"),
        T0.plusSeconds(3));
    var dead =
        notifications.recordAttempt(
            delivery.id(), new DeliveryAttempt(2, T0.plusSeconds(3), false, "HTTP 500"), null);
    assertThat(dead.state()).isEqualTo(DeliveryState.DEAD);
    assertThat(dead.attempts())
        .extracting(DeliveryAttempt::outcome)
        .containsExactly("HTTP 500", "HTTP 500");
    assertThat(notifications.deliveries(channel, DeliveryState.DEAD, 0, 10)).hasSize(1);
    assertThat(notifications.due(T0.plusSeconds(100), 100))
        .extracting(d -> d.id())
        .doesNotContain(delivery.id());

    var retried = notifications.retry(delivery.id(), T0.plusSeconds(200));
    assertThat(retried.state()).isEqualTo(DeliveryState.PENDING);
    var delivered =
        notifications.recordAttempt(
            delivery.id(), new DeliveryAttempt(3, T0.plusSeconds(200), true, "HTTP 204"), null);
    assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThatThrownBy(() -> notifications.retry(delivery.id(), T0))
        .isInstanceOf(ConflictException.class);
    assertThat(notifications.findChannel(channel)).isPresent();
    assertThat(notifications.deleteChannel(channel)).isTrue();
    assertThat(notifications.findDelivery(delivery.id())).isEmpty();
  }

  @Test
  void open_alarms_and_pending_deliveries_survive_reopening_the_store() {
    String rule = rule();
    long id = alarms.raise(raise(rule, "s", AlarmSeverity.CRITICAL, T0)).alarm().orElseThrow().id();
    String channel = "ch-" + UUID.randomUUID().toString().substring(0, 8);
    notifications.saveChannel(channel, new Json("{}"));
    long delivery = notifications.enqueue(channel, id, "raised", new Json("{}"), T0, T0).id();

    sensing.close();
    sensing = Storage.open(settings());
    alarms = Storage.alarms(sensing);
    notifications = Storage.notifications(sensing);

    assertThat(alarms.find(id).orElseThrow().state()).isEqualTo(AlarmState.RAISED);
    assertThat(alarms.openBySeverity()).containsKey(AlarmSeverity.CRITICAL);
    assertThat(notifications.due(T0, 1000)).extracting(d -> d.id()).contains(delivery);
  }
}
