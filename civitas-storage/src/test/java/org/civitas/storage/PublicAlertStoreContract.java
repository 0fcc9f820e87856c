package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.civitas.error.ConflictException;
import org.civitas.rules.cap.store.PublicAlertStore;
import org.civitas.rules.cap.store.StoredAlertMessage;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The public alert messages ({@link PublicAlertStore}, migration V10), run once per engine by a
 * subclass. Every test works on chains and origins of its own, so tests share one database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PublicAlertStoreContract {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  protected SensingStore sensing;
  protected PublicAlertStore alerts;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    alerts = Storage.publicAlerts(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private static String id() {
    return "urn:uuid:" + UUID.randomUUID();
  }

  private static StoredAlertMessage message(
      String identifier,
      String chain,
      int position,
      String msgType,
      Instant sent,
      String origin,
      String outcomeKey) {
    return new StoredAlertMessage(
        identifier,
        chain,
        position,
        msgType,
        sent,
        sent.plusSeconds(3600),
        origin,
        outcomeKey,
        "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"><identifier>"
            + identifier
            + "</identifier></alert>",
        new Json("{\"identifier\":\"" + identifier + "\",\"headline\":\"Flood — Ü & <river>\"}"));
  }

  @Test
  void a_chain_is_kept_whole_in_order_with_its_xml_and_summary() {
    String alert = id();
    String update = id();
    String cancel = id();
    StoredAlertMessage first = message(alert, alert, 0, "Alert", T0, null, null);
    alerts.append(first);
    alerts.append(message(update, alert, 1, "Update", T0.plusSeconds(60), null, null));
    alerts.append(message(cancel, alert, 2, "Cancel", T0.plusSeconds(120), null, null));

    assertThat(alerts.chain(alert))
        .extracting(StoredAlertMessage::identifier)
        .containsExactly(alert, update, cancel);
    assertThat(alerts.find(alert)).contains(first);
    assertThat(alerts.find(cancel).orElseThrow().isCancel()).isTrue();
    assertThat(alerts.find("urn:uuid:nothing")).isEmpty();
  }

  @Test
  void a_second_message_at_the_same_position_of_a_chain_is_a_conflict_and_stores_nothing() {
    String alert = id();
    alerts.append(message(alert, alert, 0, "Alert", T0, null, null));
    alerts.append(message(id(), alert, 1, "Update", T0, null, null));
    String fork = id();

    assertThatThrownBy(() -> alerts.append(message(fork, alert, 1, "Update", T0, null, null)))
        .isInstanceOf(ConflictException.class);
    assertThat(alerts.find(fork)).isEmpty();
    assertThat(alerts.chain(alert)).hasSize(2);
  }

  @Test
  void a_replayed_outcome_stores_nothing() {
    String origin = "rule:" + UUID.randomUUID() + " district:Harbour";
    String key = origin + " RAISE " + T0;
    String alert = id();

    assertThat(alerts.append(message(alert, alert, 0, "Alert", T0, origin, key))).isTrue();
    String again = id();
    assertThat(alerts.append(message(again, again, 0, "Alert", T0, origin, key))).isFalse();

    assertThat(alerts.hasOutcome(key)).isTrue();
    assertThat(alerts.hasOutcome(key + "x")).isFalse();
    assertThat(alerts.find(again)).isEmpty();
  }

  @Test
  void the_latest_of_an_origin_is_the_last_message_of_its_newest_chain() {
    String origin = "rule:" + UUID.randomUUID() + " district:Harbour";
    String old = id();
    alerts.append(message(old, old, 0, "Alert", T0, origin, null));
    String cancel = id();
    alerts.append(message(cancel, old, 1, "Cancel", T0, origin, null));
    assertThat(alerts.latestOfOrigin(origin).orElseThrow().identifier()).isEqualTo(cancel);

    // Same second as the Cancel: the order stored decides, not the time.
    String fresh = id();
    alerts.append(message(fresh, fresh, 0, "Alert", T0, origin, null));

    assertThat(alerts.latestOfOrigin(origin).orElseThrow().identifier()).isEqualTo(fresh);
    assertThat(alerts.latestOfOrigin(origin + " elsewhere")).isEmpty();
  }

  @Test
  void current_lists_the_last_message_of_each_chain_newest_first() {
    String a = id();
    alerts.append(message(a, a, 0, "Alert", T0, null, null));
    String b = id();
    alerts.append(message(b, b, 0, "Alert", T0.plusSeconds(10), null, null));
    String aUpdate = id();
    alerts.append(message(aUpdate, a, 1, "Update", T0.plusSeconds(20), null, null));

    assertThat(alerts.current(1000))
        .extracting(StoredAlertMessage::identifier)
        .containsSubsequence(aUpdate, b)
        .doesNotContain(a);
    assertThat(alerts.current(1)).hasSize(1);
  }
}
