package org.civitas.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.civitas.rules.evaluation.EngineHarness.T0;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.civitas.rules.definition.Rule;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The semantics of each kind of rule, on the engine over the embedded store. */
class RuleKindsTest {
  @TempDir Path dataDir;
  private SensingStore store;
  private EngineHarness harness;

  @BeforeEach
  void start() {
    store = Storage.open(StorageSettings.embedded(dataDir));
    harness = new EngineHarness(store, "node-a", 0).start();
  }

  @AfterEach
  void stop() {
    harness.close();
    store.close();
  }

  private Rule rule(String target, String condition) {
    return harness.rule(
        "{\"name\":\"r\",\"author\":\"ana\",\"target\":"
            + target
            + ",\"condition\":"
            + condition
            + "}");
  }

  @Test
  void a_threshold_with_hysteresis_does_not_flap_around_its_limit() {
    rule(
        "{\"datastream\":7}",
        "{\"kind\":\"threshold\",\"op\":\">\",\"value\":3.2,\"hysteresis\":0.2}");

    double[] levels = {3.0, 3.3, 3.1, 3.25, 3.05, 3.3, 2.9, 3.1};
    for (int i = 0; i < levels.length; i++) {
      harness.observe(7, T0.plusSeconds(i), levels[i]);
    }

    assertThat(harness.transitions()).containsExactly(Transition.RAISE, Transition.CLEAR);
    assertThat(harness.outcomes.get(0).at()).isEqualTo(T0.plusSeconds(1));
    assertThat(harness.outcomes.get(0).source()).isEqualTo("Datastreams(7)");
    assertThat(harness.outcomes.get(0).values()).containsEntry("value", 3.3);
    assertThat(harness.outcomes.get(1).at()).isEqualTo(T0.plusSeconds(6));
  }

  @Test
  void a_rate_of_change_raises_on_a_fast_rise_and_clears_when_it_slows() {
    rule("{\"datastream\":8}", "{\"kind\":\"rateOfChange\",\"maxPerMinute\":1.0}");

    harness.observe(8, T0, 10);
    harness.observe(8, T0.plusSeconds(60), 10.5);
    harness.observe(8, T0.plusSeconds(90), 12);
    harness.observe(8, T0.plusSeconds(150), 12.2);

    assertThat(harness.transitions()).containsExactly(Transition.RAISE, Transition.CLEAR);
    assertThat((double) harness.outcomes.get(0).values().get("rate")).isEqualTo(3.0);
  }

  @Test
  void absence_fires_once_after_the_period_and_clears_on_data() {
    rule("{\"datastream\":9}", "{\"kind\":\"absence\",\"duration\":\"PT10M\"}");
    harness.observe(9, T0, 1);

    harness.clock.set(T0.plus(Duration.ofMinutes(9)));
    harness.clock.set(T0.plus(Duration.ofMinutes(10)));
    await().atMost(Duration.ofSeconds(10)).until(() -> harness.outcomes.size() == 1);
    harness.clock.set(T0.plus(Duration.ofMinutes(30)));
    harness.observe(10, T0, 0); // another partition's data does not count
    harness.observe(9, T0.plus(Duration.ofMinutes(31)), 2);

    assertThat(harness.transitions()).containsExactly(Transition.RAISE, Transition.CLEAR);
    assertThat(harness.outcomes.get(0).at()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
  }

  @Test
  void a_windowed_mean_raises_when_the_mean_of_the_window_passes_the_limit() {
    rule(
        "{\"datastream\":11}",
        "{\"kind\":\"windowedAggregate\",\"function\":\"mean\",\"window\":\"PT15M\","
            + "\"op\":\">\",\"value\":60}");

    harness.observe(11, T0, 50);
    harness.observe(11, T0.plus(Duration.ofMinutes(5)), 65);
    harness.observe(11, T0.plus(Duration.ofMinutes(10)), 70);
    // 50 leaves the window: mean of 65, 70, 40 is 58.3.
    harness.observe(11, T0.plus(Duration.ofMinutes(16)), 40);

    assertThat(harness.transitions()).containsExactly(Transition.RAISE, Transition.CLEAR);
    assertThat((double) harness.outcomes.get(0).values().get("mean")).isCloseTo(61.67, within());
    assertThat(harness.outcomes.get(1).values()).containsEntry("count", 3);
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(0.01);
  }

  @Test
  void a_bus_that_leaves_its_route_raises_and_clears_when_it_returns() {
    rule(
        "{\"datastream\":12}",
        "{\"kind\":\"geofence\",\"route\":{\"type\":\"LineString\","
            + "\"coordinates\":[[9.0,52.0],[9.01,52.0]]},\"distance\":50,\"alertWhen\":\"outside\"}");

    harness.observePoint(12, T0, 9.005, 52.0002); // about 22 m off the line
    harness.observePoint(12, T0.plusSeconds(30), 9.005, 52.001); // about 111 m off
    harness.observePoint(12, T0.plusSeconds(60), 9.008, 52.0001);

    assertThat(harness.transitions()).containsExactly(Transition.RAISE, Transition.CLEAR);
    assertThat(harness.outcomes.get(0).at()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void a_polygon_geofence_raises_inside_when_asked_to() {
    rule(
        "{\"datastream\":13}",
        "{\"kind\":\"geofence\",\"polygon\":{\"type\":\"Polygon\",\"coordinates\":"
            + "[[[9,52],[9.1,52],[9.1,52.1],[9,52.1],[9,52]]]},\"alertWhen\":\"inside\"}");

    harness.observePoint(13, T0, 8.9, 52.05);
    harness.observePoint(13, T0.plusSeconds(1), 9.05, 52.05);
    harness.observePoint(13, T0.plusSeconds(2), 9.06, 52.06);

    assertThat(harness.transitions()).containsExactly(Transition.RAISE);
  }

  @Test
  void an_and_across_two_datastreams_raises_only_while_both_hold_within_the_tolerance() {
    // Datastreams 20 and 21 are in different partitions (of 4): the parts meet in partition 0.
    Rule rule =
        harness.rule(
            "{\"name\":\"flood\",\"author\":\"ana\",\"severity\":\"CRITICAL\",\"condition\":"
                + "{\"kind\":\"combination\",\"logic\":\"AND\",\"tolerance\":\"PT30M\",\"parts\":["
                + "{\"name\":\"rain\",\"datastream\":20,\"condition\":{\"kind\":\"windowedAggregate\","
                + "\"function\":\"mean\",\"window\":\"PT1H\",\"op\":\">\",\"value\":10}},"
                + "{\"name\":\"river\",\"datastream\":21,\"condition\":"
                + "{\"kind\":\"threshold\",\"op\":\">\",\"value\":3.2}}]}}");

    harness.observe(20, T0, 12);
    harness.observe(21, T0.plus(Duration.ofMinutes(5)), 3.0);
    harness.observe(21, T0.plus(Duration.ofMinutes(10)), 3.4);
    harness.observe(20, T0.plus(Duration.ofMinutes(20)), 2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(harness.transitions())
                    .containsExactly(Transition.RAISE, Transition.CLEAR));

    RuleOutcome raise = harness.outcomes.get(0);
    assertThat(raise.ruleId()).isEqualTo(rule.id());
    assertThat(raise.source()).isEqualTo("Datastreams(20) AND Datastreams(21)");
    assertThat(raise.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(raise.values()).isEqualTo(java.util.Map.of("rain", true, "river", true));
    assertThat(raise.at()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(List.of(harness.outcomes.get(1).at()))
        .containsExactly(T0.plus(Duration.ofMinutes(20)));
  }

  @Test
  void a_new_version_of_a_rule_is_evaluated_at_once_and_a_disabled_rule_is_not() {
    Rule rule = rule("{\"datastream\":30}", "{\"kind\":\"threshold\",\"op\":\">\",\"value\":5}");
    harness.observe(30, T0, 6);
    harness.book.update(
        rule.id(),
        org.civitas.server.http.JsonCodec.readTree(
            "{\"name\":\"r\",\"author\":\"ben\",\"target\":{\"datastream\":30},"
                + "\"condition\":{\"kind\":\"threshold\",\"op\":\">\",\"value\":8}}"));
    harness.observe(30, T0.plusSeconds(1), 9);
    harness.book.update(
        rule.id(),
        org.civitas.server.http.JsonCodec.readTree(
            "{\"name\":\"r\",\"author\":\"ben\",\"enabled\":false,\"target\":{\"datastream\":30},"
                + "\"condition\":{\"kind\":\"threshold\",\"op\":\">\",\"value\":8}}"));
    harness.observe(30, T0.plusSeconds(2), 1);
    harness.observe(30, T0.plusSeconds(3), 20);

    assertThat(harness.outcomes)
        .extracting(RuleOutcome::ruleVersion, RuleOutcome::transition)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, Transition.RAISE),
            org.assertj.core.groups.Tuple.tuple(2, Transition.RAISE));
  }
}
