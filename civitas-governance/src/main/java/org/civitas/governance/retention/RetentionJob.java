package org.civitas.governance.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.civitas.governance.audit.Audit;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.subjects.LegalHold;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces retention: for every governed Datastream with a {@link RetentionPlan}, removes the
 * Observations whose phenomenonTime lies before {@code now - keep}, aggregating them first where
 * the plan says so, in bounded steps ({@link RetentionStore#expire}). Each run stores a {@link
 * RetentionReport} and is audited ({@code retention.run}). A Datastream under an active {@link
 * LegalHold} (on itself or on its subject) is not expired while the hold lasts: a hold exists to
 * stop data from being destroyed, by a subject's erasure or by retention alike.
 *
 * <p>Runs every {@link #DEFAULT_INTERVAL} unless told otherwise, and on demand ({@link #runOnce}).
 * Runs never overlap on one node; on several nodes they may, which is safe (a step removes only
 * what it aggregated, or is rolled back) but wasteful, so run the job on one. Thread-safe.
 */
public final class RetentionJob implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

  /** The default time between two runs. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);

  /** Observations per step (per transaction) by default. */
  public static final int DEFAULT_BATCH = 5_000;

  /** Steps per Datastream and run at most; what is left waits for the next run. */
  static final int MAX_STEPS = 10_000;

  /** The actor of the scheduled runs in the audit log. */
  static final String SCHEDULER = "system:retention";

  private final RetentionStore store;
  private final Supplier<Collection<DatastreamPolicy>> policies;
  private final Supplier<? extends Collection<LegalHold>> holds;
  private final Audit audit;
  private final Clock clock;
  private final int batch;
  private final Object scheduling = new Object();
  private ScheduledExecutorService scheduler;

  /**
   * A job that runs only when {@link #runOnce} is called.
   *
   * @param policies the governed Datastreams, asked at the start of each run
   * @param holds the legal holds, asked at the start of each run
   * @param batch Observations per step
   */
  public RetentionJob(
      RetentionStore store,
      Supplier<Collection<DatastreamPolicy>> policies,
      Supplier<? extends Collection<LegalHold>> holds,
      Audit audit,
      Clock clock,
      int batch) {
    this.store = Objects.requireNonNull(store, "store");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.holds = Objects.requireNonNull(holds, "holds");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be at least 1, was " + batch);
    }
    this.batch = batch;
  }

  /**
   * Schedules {@link #runOnce} every {@code interval}, the first after one interval.
   *
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public RetentionJob schedule(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "the retention interval must be positive, was " + interval);
    }
    synchronized (scheduling) {
      scheduleEvery(interval);
    }
    return this;
  }

  private void scheduleEvery(Duration interval) {
    if (scheduler != null) {
      throw new IllegalStateException("the retention job is scheduled already");
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "retention");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        this::runScheduled, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runScheduled() {
    try {
      runOnce(clock.instant(), SCHEDULER);
    } catch (RuntimeException e) {
      log.error("the retention run failed; the next one tries again", e);
    }
  }

  /** One run as of the job's clock now, started by {@code actor} (a DPO's request). */
  public RetentionReport runNow(String actor) {
    return runOnce(clock.instant(), actor);
  }

  /** One run as of {@code now}, by the scheduler. */
  public RetentionReport runOnce(Instant now) {
    return runOnce(now, SCHEDULER);
  }

  /**
   * One run as of {@code now}: expires every governed Datastream, stores and audits the report. A
   * Datastream that fails is reported with its error and the run goes on.
   *
   * @param actor who started it, for the audit log
   */
  public synchronized RetentionReport runOnce(Instant now, String actor) {
    Instant started = clock.instant();
    List<RetentionRule> rules = store.rules();
    List<LegalHold> active = holds.get().stream().filter(h -> h.activeAt(now)).toList();
    List<DatastreamPolicy> governed = new ArrayList<>(policies.get());
    governed.sort(Comparator.comparingLong(DatastreamPolicy::datastreamId));
    List<RetentionReport.StreamResult> results = new ArrayList<>();
    for (DatastreamPolicy policy : governed) {
      Optional<RetentionPlan> plan = RetentionPlan.of(policy, rules);
      if (plan.isEmpty()) {
        continue;
      }
      Optional<LegalHold> hold =
          active.stream()
              .filter(h -> h.covers(policy.subject().orElse(null), policy.datastreamId()))
              .findFirst();
      results.add(
          hold.isPresent()
              ? held(policy.datastreamId(), plan.get(), now, hold.get())
              : expire(policy.datastreamId(), plan.get(), now));
    }
    RetentionReport report =
        store.saveReport(new RetentionReport(0, started, clock.instant(), results));
    audit.record(
        actor,
        "retention.run",
        "retention-report:" + report.id(),
        Map.of(
            "datastreams",
            Integer.toString(results.size()),
            "removed",
            Long.toString(report.removed()),
            "failed",
            Long.toString(results.stream().filter(r -> r.error().isPresent()).count())));
    log.info(
        "retention run {}: {} Observations removed from {} Datastreams",
        report.id(),
        report.removed(),
        results.size());
    return report;
  }

  private static RetentionReport.StreamResult held(
      long datastreamId, RetentionPlan plan, Instant now, LegalHold hold) {
    return new RetentionReport.StreamResult(
        datastreamId,
        plan.action(),
        now.minus(plan.keep()),
        0,
        0,
        Optional.of("legal hold " + hold.id() + " until " + hold.until() + ": " + hold.reason()),
        Optional.empty());
  }

  private RetentionReport.StreamResult expire(long datastreamId, RetentionPlan plan, Instant now) {
    Instant cutoff = now.minus(plan.keep());
    long removed = 0;
    long buckets = 0;
    try {
      for (int step = 0; step < MAX_STEPS; step++) {
        Expiry expiry = store.expire(datastreamId, cutoff, plan.action(), batch);
        removed += expiry.removed();
        buckets += expiry.buckets();
        if (!expiry.more()) {
          return new RetentionReport.StreamResult(
              datastreamId,
              plan.action(),
              cutoff,
              removed,
              buckets,
              Optional.empty(),
              Optional.empty());
        }
      }
      return new RetentionReport.StreamResult(
          datastreamId,
          plan.action(),
          cutoff,
          removed,
          buckets,
          Optional.empty(),
          Optional.of("more than " + MAX_STEPS + " steps; the next run continues"));
    } catch (RuntimeException e) {
      log.warn("retention of Datastream {} failed: {}", datastreamId, e.getMessage());
      return new RetentionReport.StreamResult(
          datastreamId,
          plan.action(),
          cutoff,
          removed,
          buckets,
          Optional.empty(),
          Optional.of(String.valueOf(e.getMessage())));
    }
  }

  /** Stops the schedule; a run in progress finishes its current step first. */
  @Override
  public void close() {
    synchronized (scheduling) {
      if (scheduler != null) {
        scheduler.shutdown();
        scheduler = null;
      }
    }
  }
}
