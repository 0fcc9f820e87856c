package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.civitas.error.ConflictException;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.retention.Expiry;
import org.civitas.governance.retention.HourlyAggregate;
import org.civitas.governance.retention.RetentionAction;
import org.civitas.governance.retention.RetentionReport;
import org.civitas.governance.retention.RetentionRule;
import org.civitas.governance.retention.RetentionStore;
import org.civitas.governance.subjects.HeldObservation;
import org.civitas.governance.subjects.SubjectRequestStore;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.store.SensingStore;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Retention rules, bulk expiry, hourly aggregates and run reports ({@link RetentionStore},
 * migration V14), run once per engine by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RetentionStoreContract {
  private static final Instant HOUR = Instant.parse("2026-01-10T08:00:00Z");

  protected SensingStore sensing;
  protected RetentionStore retention;
  private SubjectRequestStore held;

  protected abstract StorageSettings settings();

  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    retention = Storage.retention(sensing);
    held = Storage.subjectRequests(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private SensingFixtures.Graph graph(String name) {
    return SensingFixtures.graph(sensing, name + "-" + System.nanoTime());
  }

  private void ingest(SensingFixtures.Graph graph, Instant time, String result) {
    sensing
        .ingest()
        .submit(
            new NewObservation(
                new ObservationStream.Datastream(graph.datastream()),
                graph.featureOfInterest(),
                new TimeValue.Instant(time),
                null,
                new Json(result),
                null,
                null,
                null))
        .join();
  }

  private List<Instant> times(long datastream) {
    List<Instant> times = new ArrayList<>();
    for (HeldObservation o : held.observations(datastream, Optional.empty(), 10_000)) {
      times.add(o.phenomenonTimeStart());
    }
    return times;
  }

  /** Runs steps until none is left, as the job does; returns the sum of what they did. */
  private Expiry expireAll(long datastream, Instant cutoff, RetentionAction action, int batch) {
    long removed = 0;
    long buckets = 0;
    for (int step = 0; step < 1_000; step++) {
      Expiry expiry = retention.expire(datastream, cutoff, action, batch);
      removed += expiry.removed();
      buckets += expiry.buckets();
      if (!expiry.more()) {
        return new Expiry(removed, buckets, false);
      }
    }
    throw new AssertionError("expiry did not finish in 1,000 steps");
  }

  @Test
  void rules_are_added_listed_and_removed_and_one_per_class_and_purpose() {
    RetentionRule leaks =
        retention.addRule(
            new RetentionRule(
                0,
                DataClass.PERSONAL,
                Optional.of("leak-detection-" + System.nanoTime()),
                Duration.ofDays(90),
                RetentionAction.AGGREGATE));
    RetentionRule anyInternal =
        retention.addRule(
            new RetentionRule(
                0,
                DataClass.INTERNAL,
                Optional.empty(),
                Duration.ofDays(365),
                RetentionAction.DELETE));

    assertThat(retention.rules()).contains(leaks, anyInternal);
    assertThatThrownBy(() -> retention.addRule(anyInternal)).isInstanceOf(ConflictException.class);

    assertThat(retention.removeRule(anyInternal.id())).isTrue();
    assertThat(retention.removeRule(anyInternal.id())).isFalse();
    assertThat(retention.rules()).contains(leaks).doesNotContain(anyInternal);
  }

  @Test
  void delete_removes_only_observations_before_the_cutoff_in_bounded_steps() {
    SensingFixtures.Graph graph = graph("delete");
    SensingFixtures.Graph other = graph("other");
    for (int i = 0; i < 25; i++) {
      ingest(graph, HOUR.plusSeconds(60L * i), Integer.toString(i));
    }
    ingest(other, HOUR, "1");
    Instant cutoff = HOUR.plusSeconds(60L * 20);

    Expiry first = retention.expire(graph.datastream(), cutoff, RetentionAction.DELETE, 7);
    Expiry rest = expireAll(graph.datastream(), cutoff, RetentionAction.DELETE, 7);

    assertThat(first).isEqualTo(new Expiry(7, 0, true));
    assertThat(first.removed() + rest.removed()).isEqualTo(20);
    assertThat(times(graph.datastream()))
        .hasSize(5)
        .allSatisfy(t -> assertThat(t).isAfterOrEqualTo(cutoff));
    assertThat(times(other.datastream())).containsExactly(HOUR);
    assertThat(retention.aggregates(graph.datastream())).isEmpty();
  }

  @Test
  void aggregate_keeps_count_min_max_and_mean_per_hour_and_deletes_the_readings() {
    SensingFixtures.Graph graph = graph("aggregate");
    // Hour 08: 1, 2, 6 and a text result; hour 09: 10 and 20; hour 11 is young.
    ingest(graph, HOUR.plusSeconds(100), "1");
    ingest(graph, HOUR.plusSeconds(200), "6");
    ingest(graph, HOUR.plusSeconds(300), "2");
    ingest(graph, HOUR.plusSeconds(400), "\"door open\"");
    ingest(graph, HOUR.plusSeconds(3600 + 5), "10");
    ingest(graph, HOUR.plusSeconds(3600 + 3599), "20");
    ingest(graph, HOUR.plusSeconds(3 * 3600), "99");
    Instant cutoff = HOUR.plusSeconds(2 * 3600);

    Expiry done = expireAll(graph.datastream(), cutoff, RetentionAction.AGGREGATE, 2);

    assertThat(done.removed()).isEqualTo(6);
    assertThat(done.buckets()).isEqualTo(2);
    List<HourlyAggregate> aggregates = retention.aggregates(graph.datastream());
    assertThat(aggregates).hasSize(2);
    assertThat(aggregates.get(0).hour()).isEqualTo(HOUR);
    assertThat(aggregates.get(0).count()).isEqualTo(3);
    assertThat(aggregates.get(0).min()).isEqualTo(1.0);
    assertThat(aggregates.get(0).max()).isEqualTo(6.0);
    assertThat(aggregates.get(0).mean()).isCloseTo(3.0, within(1e-9));
    assertThat(aggregates.get(1))
        .isEqualTo(new HourlyAggregate(graph.datastream(), HOUR.plusSeconds(3600), 2, 10, 20, 15));
    assertThat(times(graph.datastream())).containsExactly(HOUR.plusSeconds(3 * 3600));
  }

  @Test
  void an_hour_cut_by_two_runs_is_one_aggregate_of_both() {
    SensingFixtures.Graph graph = graph("split");
    ingest(graph, HOUR.plusSeconds(60), "4");
    ingest(graph, HOUR.plusSeconds(120), "8");
    ingest(graph, HOUR.plusSeconds(1800), "1");
    ingest(graph, HOUR.plusSeconds(2400), "3");

    expireAll(graph.datastream(), HOUR.plusSeconds(600), RetentionAction.AGGREGATE, 100);
    expireAll(graph.datastream(), HOUR.plusSeconds(3600), RetentionAction.AGGREGATE, 100);

    assertThat(retention.aggregates(graph.datastream()))
        .containsExactly(new HourlyAggregate(graph.datastream(), HOUR, 4, 1, 8, 4));
    assertThat(times(graph.datastream())).isEmpty();
  }

  @Test
  void reports_are_listed_newest_first_with_their_streams() {
    Instant started = Instant.parse("2026-02-01T03:00:00Z");
    RetentionReport older =
        retention.saveReport(new RetentionReport(0, started, started.plusSeconds(2), List.of()));
    RetentionReport newer =
        retention.saveReport(
            new RetentionReport(
                0,
                started.plusSeconds(3600),
                started.plusSeconds(3605),
                List.of(
                    new RetentionReport.StreamResult(
                        7,
                        RetentionAction.AGGREGATE,
                        started,
                        120,
                        3,
                        Optional.empty(),
                        Optional.empty()),
                    new RetentionReport.StreamResult(
                        9,
                        RetentionAction.DELETE,
                        started.minusSeconds(60),
                        0,
                        0,
                        Optional.of("legal hold 3: court order"),
                        Optional.of("storage is unavailable")))));

    List<RetentionReport> reports = retention.reports(2);

    assertThat(newer.id()).isGreaterThan(older.id());
    assertThat(reports).containsExactly(newer, older);
    assertThat(reports.get(0).removed()).isEqualTo(120);
  }

  @Test
  void aggregating_while_the_ingest_path_writes_old_observations_loses_none_of_them()
      throws Exception {
    SensingFixtures.Graph graph = graph("concurrent");
    Instant cutoff = HOUR.plusSeconds(24 * 3600);
    int total = 3_000;
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < total; i += 50) {
                    List<NewObservation> batch = new ArrayList<>();
                    for (int j = i; j < i + 50; j++) {
                      batch.add(
                          SensingFixtures.observation(
                              graph.datastream(),
                              graph.featureOfInterest(),
                              HOUR.plusSeconds(17L * j % (24 * 3600)),
                              "1"));
                    }
                    sensing.ingest().submitAll(batch).join();
                  }
                });
    for (int round = 0; round < 200 && writer.isAlive(); round++) {
      try {
        expireAll(graph.datastream(), cutoff, RetentionAction.AGGREGATE, 100);
      } catch (IllegalStateException stillChanging) {
        // Three steps in a row met concurrent writes: the job reports it and tries next run.
      }
    }
    writer.join(60_000);
    expireAll(graph.datastream(), cutoff, RetentionAction.AGGREGATE, 100);

    assertThat(times(graph.datastream())).isEmpty();
    assertThat(
            retention.aggregates(graph.datastream()).stream()
                .mapToLong(HourlyAggregate::count)
                .sum())
        .isEqualTo(total);
  }
}
