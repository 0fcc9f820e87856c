package org.civitas.governance.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.privacy.RecordingAudit;
import org.civitas.governance.subjects.HeldObservation;
import org.civitas.governance.subjects.LegalHold;
import org.civitas.governance.subjects.SubjectRequestStore;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The retention job over real storage, once per engine: personal data past its retention goes
 * (aggregated where the rule says so), young data and public data stay, and the report says what
 * happened. The governed Datastreams are a list here; their store is another part of governance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RetentionJobContract {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  private SensingStore sensing;
  private RetentionStore retention;
  private SubjectRequestStore held;

  abstract SensingStore openStore();

  void cleanUp() {}

  @BeforeAll
  void open() {
    sensing = openStore();
    retention = Storage.retention(sensing);
    held = Storage.subjectRequests(sensing);
  }

  @AfterAll
  void close() {
    sensing.close();
    cleanUp();
  }

  private SensingFixtures.Graph graph(String name) {
    return SensingFixtures.graph(sensing, name + "-" + System.nanoTime());
  }

  private void ingest(SensingFixtures.Graph graph, Instant time, double value) {
    sensing
        .ingest()
        .submit(
            SensingFixtures.observation(
                graph.datastream(), graph.featureOfInterest(), time, Double.toString(value)))
        .join();
  }

  private List<Instant> times(long datastream) {
    List<Instant> times = new ArrayList<>();
    for (HeldObservation o : held.observations(datastream, Optional.empty(), 10_000)) {
      times.add(o.phenomenonTimeStart());
    }
    return times;
  }

  @Test
  void expired_personal_data_is_removed_or_aggregated_young_and_public_data_stay() {
    // The rules are the DPO's: leak detection 90 days then aggregate; any personal data 180 days.
    String leaks = "leak-detection-" + System.nanoTime();
    retention.addRule(
        new RetentionRule(
            0,
            DataClass.PERSONAL,
            Optional.of(leaks),
            Duration.ofDays(90),
            RetentionAction.AGGREGATE));
    retention.addRule(
        new RetentionRule(
            0, DataClass.PERSONAL, Optional.empty(), Duration.ofDays(180), RetentionAction.DELETE));
    SensingFixtures.Graph meter = graph("meter");
    SensingFixtures.Graph billing = graph("billing");
    SensingFixtures.Graph weather = graph("weather");
    Instant oldHour = NOW.minus(Duration.ofDays(100)); // 2026-02-21T00:00Z, on the hour
    for (int i = 0; i < 5; i++) {
      ingest(meter, oldHour.plusSeconds(600L * i), i + 1); // 1..5 within one hour
    }
    ingest(meter, oldHour.plusSeconds(3600 + 60), 40);
    ingest(meter, NOW.minus(Duration.ofDays(89)), 7);
    ingest(billing, NOW.minus(Duration.ofDays(40)), 1);
    ingest(billing, NOW.minus(Duration.ofDays(31)), 2);
    ingest(billing, NOW.minus(Duration.ofDays(5)), 3);
    ingest(weather, NOW.minus(Duration.ofDays(2000)), 12.5);
    List<DatastreamPolicy> governed =
        List.of(
            policy(meter.datastream(), DataClass.PERSONAL, Set.of(leaks), Duration.ofDays(365)),
            policy(
                billing.datastream(), DataClass.PERSONAL, Set.of("billing"), Duration.ofDays(30)),
            new DatastreamPolicy(
                weather.datastream(),
                DataClass.PUBLIC,
                Optional.empty(),
                Set.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false,
                true));
    RecordingAudit audit = new RecordingAudit();
    Clock clock = Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC);
    RetentionJob job = new RetentionJob(retention, () -> governed, held::holds, audit, clock, 2);

    RetentionReport report = job.runOnce(NOW);

    assertThat(times(meter.datastream())).containsExactly(NOW.minus(Duration.ofDays(89)));
    List<HourlyAggregate> aggregates = retention.aggregates(meter.datastream());
    assertThat(aggregates).hasSize(2);
    assertThat(aggregates.get(0).hour()).isEqualTo(oldHour);
    assertThat(aggregates.get(0).count()).isEqualTo(5);
    assertThat(aggregates.get(0).min()).isEqualTo(1.0);
    assertThat(aggregates.get(0).max()).isEqualTo(5.0);
    assertThat(aggregates.get(0).mean()).isCloseTo(3.0, within(1e-9));
    assertThat(aggregates.get(1))
        .isEqualTo(
            new HourlyAggregate(meter.datastream(), oldHour.plusSeconds(3600), 1, 40, 40, 40));
    assertThat(times(billing.datastream())).containsExactly(NOW.minus(Duration.ofDays(5)));
    assertThat(retention.aggregates(billing.datastream())).isEmpty();
    assertThat(times(weather.datastream())).containsExactly(NOW.minus(Duration.ofDays(2000)));

    assertThat(report.streams())
        .containsExactly(
            new RetentionReport.StreamResult(
                meter.datastream(),
                RetentionAction.AGGREGATE,
                NOW.minus(Duration.ofDays(90)),
                6,
                2,
                Optional.empty(),
                Optional.empty()),
            new RetentionReport.StreamResult(
                billing.datastream(),
                RetentionAction.DELETE,
                NOW.minus(Duration.ofDays(30)),
                2,
                0,
                Optional.empty(),
                Optional.empty()));
    assertThat(report.removed()).isEqualTo(8);
    assertThat(report.started()).isEqualTo(NOW.plusSeconds(5));
    assertThat(retention.reports(1)).containsExactly(report);
    assertThat(audit.of("retention.run"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("system:retention");
              assertThat(e.target()).isEqualTo("retention-report:" + report.id());
              assertThat(e.details()).containsEntry("removed", "8");
            });

    RetentionReport again = job.runOnce(NOW.plus(DAY));
    assertThat(again.removed()).isZero();
    assertThat(retention.aggregates(meter.datastream())).hasSize(2);
  }

  @Test
  void data_under_a_legal_hold_is_not_expired_while_the_hold_lasts() {
    SensingFixtures.Graph disputed = graph("disputed");
    SensingFixtures.Graph household = graph("household");
    ingest(disputed, NOW.minus(Duration.ofDays(400)), 1);
    ingest(household, NOW.minus(Duration.ofDays(400)), 2);
    String subject = "household-" + System.nanoTime();
    LegalHold byDatastream =
        held.addHold(
            new LegalHold(
                0,
                Optional.empty(),
                Optional.of(disputed.datastream()),
                "billing dispute",
                NOW.plus(DAY),
                "maria",
                NOW));
    held.addHold(
        new LegalHold(
            0, Optional.of(subject), Optional.empty(), "court order", NOW.plus(DAY), "maria", NOW));
    List<DatastreamPolicy> governed =
        List.of(
            policy(
                disputed.datastream(), DataClass.PERSONAL, Set.of("billing"), Duration.ofDays(30)),
            new DatastreamPolicy(
                household.datastream(),
                DataClass.PERSONAL,
                Optional.empty(),
                Set.of("billing"),
                Optional.of(Duration.ofDays(30)),
                Optional.empty(),
                Optional.of(subject),
                true,
                true));
    RetentionJob job =
        new RetentionJob(
            retention, () -> governed, held::holds, new RecordingAudit(), Clock.systemUTC(), 100);

    RetentionReport during = job.runOnce(NOW);
    RetentionReport after = job.runOnce(NOW.plus(DAY).plusSeconds(1));

    assertThat(during.removed()).isZero();
    assertThat(during.streams().get(0).heldBy())
        .hasValueSatisfying(
            h ->
                assertThat(h)
                    .contains("legal hold " + byDatastream.id())
                    .contains("billing dispute"));
    assertThat(during.streams().get(1).heldBy())
        .hasValueSatisfying(h -> assertThat(h).contains("court order"));
    assertThat(after.removed()).isEqualTo(2);
    assertThat(times(disputed.datastream())).isEmpty();
  }

  private static DatastreamPolicy policy(
      long datastream, DataClass dataClass, Set<String> purposes, Duration retention) {
    return RetentionPlanTest.policy(datastream, dataClass, purposes, Optional.of(retention));
  }
}
