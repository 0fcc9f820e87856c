package org.civitas.governance.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.UnavailableException;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.privacy.RecordingAudit;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The job's own behaviour: failures per Datastream, bounded work, the schedule. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionJobTest {
  @TempDir static Path dataDir;
  private SensingStore sensing;
  private RetentionStore real;

  @BeforeAll
  void open() {
    sensing = Storage.open(StorageSettings.embedded(dataDir));
    real = Storage.retention(sensing);
  }

  @AfterAll
  void close() {
    sensing.close();
  }

  private static DatastreamPolicy personal(long id) {
    return RetentionPlanTest.policy(
        id, DataClass.PERSONAL, Set.of("billing"), Optional.of(Duration.ofDays(30)));
  }

  /** The real store, except that expiring Datastream {@code failing} fails as a lost database. */
  private RetentionStore failingFor(long failing) {
    return new RetentionStore() {
      @Override
      public List<RetentionRule> rules() {
        return real.rules();
      }

      @Override
      public RetentionRule addRule(RetentionRule rule) {
        return real.addRule(rule);
      }

      @Override
      public boolean removeRule(long id) {
        return real.removeRule(id);
      }

      @Override
      public Expiry expire(long datastreamId, Instant cutoff, RetentionAction action, int batch) {
        if (datastreamId == failing) {
          throw new UnavailableException("storage is unavailable while expiring", null);
        }
        return real.expire(datastreamId, cutoff, action, batch);
      }

      @Override
      public List<HourlyAggregate> aggregates(long datastreamId) {
        return real.aggregates(datastreamId);
      }

      @Override
      public RetentionReport saveReport(RetentionReport report) {
        return real.saveReport(report);
      }

      @Override
      public List<RetentionReport> reports(int limit) {
        return real.reports(limit);
      }
    };
  }

  @Test
  void a_failing_datastream_is_reported_with_its_error_and_the_others_are_still_expired() {
    RecordingAudit audit = new RecordingAudit();
    RetentionJob job =
        new RetentionJob(
            failingFor(2),
            () -> List.of(personal(3), personal(2), DatastreamPolicy.unclassified(9)),
            List::of,
            audit,
            Clock.systemUTC(),
            100);
    Instant now = Instant.parse("2026-06-01T00:00:00Z");

    RetentionReport report = job.runOnce(now);

    assertThat(report.streams())
        .extracting(RetentionReport.StreamResult::datastreamId)
        .containsExactly(2L, 3L);
    assertThat(report.streams().get(0).error())
        .hasValueSatisfying(e -> assertThat(e).contains("unavailable"));
    assertThat(report.streams().get(1).error()).isEmpty();
    assertThat(report.streams().get(1).cutoff()).isEqualTo(now.minus(Duration.ofDays(30)));
    assertThat(audit.of("retention.run").get(0).details()).containsEntry("failed", "1");
  }

  @Test
  void a_scheduled_job_runs_by_itself_until_closed() {
    RecordingAudit audit = new RecordingAudit();
    RetentionJob job =
        new RetentionJob(real, () -> List.of(personal(5)), List::of, audit, Clock.systemUTC(), 100);
    job.schedule(Duration.ofMillis(50));
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> audit.of("retention.run").size() >= 2);
    } finally {
      job.close();
    }
    int runs = audit.of("retention.run").size();

    assertThat(audit.of("retention.run").get(0).actor()).isEqualTo("system:retention");
    assertThat(real.reports(runs)).hasSize(runs);
  }
}
