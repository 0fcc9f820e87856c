package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.civitas.error.CivitasException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.UnavailableException;
import org.civitas.sensing.model.TimeValue;
import org.civitas.timeseries.IngestStats;
import org.civitas.timeseries.NewObservation;
import org.civitas.timeseries.ObservationIngest;
import org.civitas.timeseries.ObservationStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread drains the queue of submissions and stores everything it drained
 * (up to {@code maxBatch} observations) with one JDBC batch insert and one commit, then completes
 * the submitters' futures. Many concurrent single submissions thus share one transaction and one
 * log write, which is what makes single POSTs fast while every acknowledgement still means
 * "committed".
 *
 * <p>Back-pressure: at most {@code capacity} observations are accepted but not yet committed;
 * beyond that {@code submit} throws {@link UnavailableException} at once.
 *
 * <p>Failure isolation: if a batch fails (a Datastream was deleted meanwhile), it is rolled back
 * and each submission is retried on its own, so only the offending one fails. A submission is
 * atomic: all its observations are stored, or none.
 *
 * <p>Futures complete on a second thread, one hand-off per batch: what callers chain to them (an
 * HTTP response written by the server) then runs while the writer already stores the next batch.
 * That thread also makes committed batches durable ({@link Dialect#makeDurable}) before it
 * acknowledges them, so the writer never waits for an fsync, and one fsync covers all the batches
 * committed before it began: under a slow disk more batches share it instead of queueing behind it.
 */
final class GroupCommitIngest implements ObservationIngest, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitIngest.class);

  /** Columns bound per Observation row. */
  private static final int COLUMNS = 13;

  /**
   * Rows per INSERT statement. Each executed statement costs the engine a fixed amount besides its
   * rows (H2 opens a statement snapshot of every map it touches), so many rows per statement cut
   * that cost; 64 rows keep the parameter count (832) far below both engines' limits.
   */
  static final int ROWS_PER_STATEMENT = 64;

  private static final String INSERT_ONE = insertSql(1);
  private static final String INSERT_MANY = insertSql(ROWS_PER_STATEMENT);

  private static String insertSql(int rows) {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO observation (id, datastream_id, multi_datastream_id,"
                + " feature_of_interest_id, phenomenon_time_start, phenomenon_time_end, result_time,"
                + " result_number, result_json, result_quality, valid_time_start, valid_time_end,"
                + " parameters) VALUES ");
    for (int row = 0; row < rows; row++) {
      sql.append(row == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }
    return sql.toString();
  }

  private record Submission(
      List<NewObservation> observations, CompletableFuture<List<Long>> committed) {}

  /** Put in the queue by {@link #close()}: the writer stops when it takes it. */
  private static final Submission END = new Submission(List.of(), new CompletableFuture<>());

  private final DataSource dataSource;
  private final Dialect dialect;
  private final ObservationIds ids;
  private final int capacity;
  private final int maxBatch;
  private final LinkedBlockingQueue<Submission> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Thread writer;
  private final ExecutorService acknowledgements =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().name("civitas-ingest-ack").daemon().factory());
  private final Object lifecycle = new Object();
  private boolean closed;

  /** Batches the writer has committed; written by the writer thread only. */
  private volatile long committedBatches;

  /** Batches known to be on disk; written by the acknowledgement thread only. */
  private volatile long durableBatches;

  /** How often the writer looks whether the fsync it waits for has finished, in microseconds. */
  private static final long GATHER_POLL_MICROS = 100;

  /** The longest the writer gathers behind an fsync, should one take unusually long. */
  private static final long MAX_GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * @param capacity how many observations may wait for their commit before submissions are refused
   * @param maxBatch how many observations one transaction holds at most (a submission is never
   *     split, so a larger one makes a larger transaction)
   */
  GroupCommitIngest(
      DataSource dataSource, Dialect dialect, ObservationIds ids, int capacity, int maxBatch) {
    if (capacity < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "ingest capacity and batch size must be positive, were " + capacity + ", " + maxBatch);
    }
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.ids = ids;
    this.capacity = capacity;
    this.maxBatch = maxBatch;
    this.writer = Thread.ofPlatform().name("civitas-ingest-writer").daemon().unstarted(this::run);
  }

  void start() {
    writer.start();
  }

  @Override
  public CompletableFuture<Long> submit(NewObservation observation) {
    return submitAll(List.of(observation)).thenApply(List::getFirst);
  }

  @Override
  public CompletableFuture<List<Long>> submitAll(List<NewObservation> observations) {
    List<NewObservation> copy = List.copyOf(observations);
    if (copy.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (copy.size() > capacity) {
      throw new InvalidInputException(
          copy.size()
              + " observations in one submission exceed the ingest capacity of "
              + capacity
              + "; split them",
          null);
    }
    reserve(copy.size());
    Submission submission = new Submission(copy, new CompletableFuture<>());
    synchronized (lifecycle) {
      if (closed) {
        pending.addAndGet(-copy.size());
        throw new UnavailableException("the ingest path is closed", null);
      }
      queue.add(submission);
    }
    return submission.committed();
  }

  private void reserve(int count) {
    while (true) {
      int now = pending.get();
      if (now + count > capacity) {
        throw new UnavailableException(
            "the ingest queue is full ("
                + now
                + " of "
                + capacity
                + " observations waiting to be committed); retry shortly",
            null);
      }
      if (pending.compareAndSet(now, now + count)) {
        return;
      }
    }
  }

  @Override
  public IngestStats stats() {
    return new IngestStats(
        committed.get(), batches.get(), failed.get(), Math.max(0, pending.get()), capacity);
  }

  /** Stops accepting submissions, commits everything queued, and waits for the writer. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(END);
    }
    try {
      writer.join(TimeUnit.MINUTES.toMillis(1));
      acknowledgements.shutdown();
      acknowledgements.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      log.error("ingest writer did not finish within a minute; queued observations may be lost");
    }
  }

  // ------------------------------------------------------------------------------ writer thread

  private void run() {
    List<Submission> batch = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        Submission first = queue.take();
        if (first == END) {
          break;
        }
        batch.add(first);
        int size = first.observations().size();
        Submission next;
        long gatherUntil = System.nanoTime() + MAX_GATHER_NANOS;
        while (!stopping && size < maxBatch) {
          boolean gather = syncPending() && System.nanoTime() < gatherUntil;
          next = gather ? queue.poll(GATHER_POLL_MICROS, TimeUnit.MICROSECONDS) : queue.poll();
          if (next == null) {
            if (gather) {
              continue;
            }
            break;
          }
          if (next == END) {
            stopping = true;
            break;
          }
          batch.add(next);
          size += next.observations().size();
        }
        write(batch);
      } catch (InterruptedException e) {
        log.warn("ingest writer interrupted; {} submissions left in the queue", queue.size());
        Thread.currentThread().interrupt();
        stopping = true;
      } catch (RuntimeException e) {
        // A bug must not kill the only writer: fail this batch and go on.
        log.error("ingest writer failed on a batch", e);
        batch.forEach(s -> fail(s, e));
      } finally {
        batch.clear();
      }
    }
    log.debug("ingest writer stopped");
  }

  private void write(List<Submission> batch) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        List<long[]> idsPerSubmission = insert(connection, batch);
        connection.commit();
        batches.incrementAndGet();
        long sequence = ++committedBatches;
        List<Submission> done = List.copyOf(batch);
        // The fsync happens on the acknowledgement thread, so that the writer stores the next
        // batch meanwhile; one fsync there covers every batch committed before it began.
        acknowledgements.execute(
            () -> {
              makeDurableThrough(sequence);
              for (int i = 0; i < done.size(); i++) {
                complete(done.get(i), idsPerSubmission.get(i));
              }
            });
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        if (batch.size() == 1) {
          fail(batch.getFirst(), explain(connection, batch.getFirst(), e));
        } else {
          log.debug("batch of {} submissions failed, retrying each alone: {}", batch.size(), e);
          for (Submission submission : batch) {
            write(List.of(submission));
          }
        }
      }
    } catch (SQLException e) {
      UnavailableException unavailable =
          new UnavailableException("storage is unavailable for ingest: " + e.getMessage(), e);
      batch.forEach(s -> fail(s, unavailable));
    }
  }

  /**
   * Whether an fsync is still to cover a committed batch. Meanwhile the writer gathers submissions
   * instead of committing them: they could not be acknowledged before the next fsync anyway, and
   * one commit of many costs far less than many small ones (H2 writes every page a commit changed,
   * so the cost of a commit grows with the Datastreams it touches, not with its rows). PostgreSQL
   * makes a commit durable itself, so there the writer never waits.
   */
  private boolean syncPending() {
    return dialect == Dialect.EMBEDDED && durableBatches < committedBatches;
  }

  /**
   * Makes every batch up to {@code sequence} durable, unless an earlier call already did: an fsync
   * that began after a batch's commit returned covers it. Runs on the acknowledgement thread only.
   *
   * <p>Once committed, a batch must not be retried (that would store it twice), so a failing sync
   * is reported and the batch acknowledged: it is in the database, only its fsync is uncertain.
   */
  private void makeDurableThrough(long sequence) {
    if (sequence <= durableBatches) {
      return;
    }
    long covered = committedBatches;
    try (Connection connection = dataSource.getConnection()) {
      dialect.makeDurable(connection);
    } catch (SQLException e) {
      log.error("syncing committed ingest batches to disk failed; they are committed", e);
    }
    durableBatches = covered;
  }

  private List<long[]> insert(Connection connection, List<Submission> batch) throws SQLException {
    List<long[]> allIds = new ArrayList<>(batch.size());
    Map<ObservationStream, StreamTimes.Span> spans = new HashMap<>();
    List<NewObservation> rows = new ArrayList<>();
    for (Submission submission : batch) {
      long[] submissionIds = new long[submission.observations().size()];
      int i = 0;
      for (NewObservation observation : submission.observations()) {
        submissionIds[i++] = ids.next(connection);
        rows.add(observation);
        TimeValue phenomenon = observation.phenomenonTime();
        spans
            .computeIfAbsent(observation.stream(), s -> new StreamTimes.Span())
            .include(phenomenon.start(), phenomenon.end(), observation.resultTime());
      }
      allIds.add(submissionIds);
    }
    long[] rowIds = new long[rows.size()];
    int next = 0;
    for (long[] submissionIds : allIds) {
      System.arraycopy(submissionIds, 0, rowIds, next, submissionIds.length);
      next += submissionIds.length;
    }
    int whole = rows.size() / ROWS_PER_STATEMENT * ROWS_PER_STATEMENT;
    if (whole > 0) {
      try (PreparedStatement insert = connection.prepareStatement(INSERT_MANY)) {
        for (int from = 0; from < whole; from += ROWS_PER_STATEMENT) {
          for (int row = 0; row < ROWS_PER_STATEMENT; row++) {
            bind(insert, row * COLUMNS, rowIds[from + row], rows.get(from + row));
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    if (whole < rows.size()) {
      try (PreparedStatement insert = connection.prepareStatement(INSERT_ONE)) {
        for (int row = whole; row < rows.size(); row++) {
          bind(insert, 0, rowIds[row], rows.get(row));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    StreamTimes.widen(connection, spans);
    return allIds;
  }

  /** Binds one Observation row to the parameters after {@code offset}. */
  private static void bind(
      PreparedStatement insert, int offset, long id, NewObservation observation)
      throws SQLException {
    insert.setLong(offset + 1, id);
    switch (observation.stream()) {
      case ObservationStream.Datastream d -> {
        insert.setLong(offset + 2, d.id());
        insert.setNull(offset + 3, java.sql.Types.BIGINT);
      }
      case ObservationStream.MultiDatastream m -> {
        insert.setNull(offset + 2, java.sql.Types.BIGINT);
        insert.setLong(offset + 3, m.id());
      }
    }
    insert.setLong(offset + 4, observation.featureOfInterestId());
    ValueCodec.TIME.bind(insert, offset + 5, observation.phenomenonTime(), "phenomenonTime");
    ValueCodec.bindInstant(insert, offset + 7, observation.resultTime());
    ValueCodec.RESULT.bind(insert, offset + 8, observation.result(), "result");
    ValueCodec.JSON.bind(insert, offset + 10, observation.resultQuality(), "resultQuality");
    ValueCodec.INTERVAL.bind(insert, offset + 11, observation.validTime(), "validTime");
    ValueCodec.JSON.bind(insert, offset + 13, observation.parameters(), "parameters");
  }

  /**
   * Why one submission could not be stored, in the terms of the request: which referenced entity is
   * missing, rather than the database's constraint name.
   */
  private static RuntimeException explain(
      Connection connection, Submission submission, Exception error) {
    if (error instanceof CivitasException civitas) {
      return civitas;
    }
    try {
      for (NewObservation observation : submission.observations()) {
        String table;
        String field;
        switch (observation.stream()) {
          case ObservationStream.Datastream d -> {
            table = "datastream";
            field = "Datastream";
          }
          case ObservationStream.MultiDatastream m -> {
            table = "multi_datastream";
            field = "MultiDatastream";
          }
        }
        if (!exists(connection, table, observation.stream().id())) {
          return new InvalidInputException(
              field + " " + observation.stream().id() + " does not exist", field);
        }
        if (!exists(connection, "feature_of_interest", observation.featureOfInterestId())) {
          return new InvalidInputException(
              "FeatureOfInterest " + observation.featureOfInterestId() + " does not exist",
              "FeatureOfInterest");
        }
      }
    } catch (SQLException e) {
      error.addSuppressed(e);
    }
    return error instanceof SQLException sql
        ? SqlErrors.translate(sql, "storing observations")
        : new IllegalStateException("storing observations failed", error);
  }

  private static boolean exists(Connection connection, String table, long id) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT 1 FROM " + table + " WHERE id = " + id)) {
      return row.next();
    }
  }

  private void complete(Submission submission, long[] submissionIds) {
    pending.addAndGet(-submissionIds.length);
    committed.addAndGet(submissionIds.length);
    List<Long> result = new ArrayList<>(submissionIds.length);
    for (long id : submissionIds) {
      result.add(id);
    }
    submission.committed().complete(List.copyOf(result));
  }

  private void fail(Submission submission, RuntimeException error) {
    int size = submission.observations().size();
    pending.addAndGet(-size);
    failed.addAndGet(size);
    acknowledgements.execute(() -> submission.committed().completeExceptionally(error));
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug("rollback after a failed batch failed too", e);
    }
  }
}
