package org.civitas.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
import org.civitas.timeseries.IngestOutcome;
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
 * beyond that {@code submit} throws {@link UnavailableException#overloaded} at once, with a retry
 * hint from the queue's length and the writer's recent pace.
 *
 * <p>Idempotency keys: for the keyed observations of a batch, one query (per 500 keys) reads which
 * (stream, key) pairs {@code observation_key} already holds; those observations get the stored id
 * and no row, as do repeats of a key within the batch, and the new keys are inserted in the same
 * transaction as their observations. A batch without keys runs exactly as before: no query, no
 * extra statement. Several nodes on one PostgreSQL: a key another node inserts concurrently makes
 * our insert wait for its transaction and then fail with a unique violation; the batch is then
 * rolled back and written again, and the look-up of the new attempt reads the other node's
 * Observation, so neither loses nor doubles a row.
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

  private static final String INSERT_KEY =
      "INSERT INTO observation_key (idempotency_key, stream_id, stream_kind, observation_id)"
          + " VALUES (?, ?, ?, ?)";

  /** Keys per look-up statement: few enough for any engine's parameter limit. */
  static final int KEYS_PER_LOOKUP = 500;

  /**
   * How often a batch is written again after it lost a race for a key with another node (or a
   * deadlock); each attempt reads the keys the others committed, so one retry normally suffices.
   */
  private static final int KEY_CONFLICT_ATTEMPTS = 4;

  /** The longest Retry-After hint, however long the queue: clients should come back to look. */
  private static final long MAX_RETRY_AFTER_SECONDS = 30;

  /**
   * One queued submission; exactly one of {@code ids} and {@code outcomes} is set, depending on
   * what the submitter asked for.
   *
   * @param keyed whether any of its observations has an idempotency key
   */
  private record Submission(
      List<NewObservation> observations,
      CompletableFuture<List<Long>> ids,
      CompletableFuture<List<IngestOutcome>> outcomes,
      boolean keyed) {

    CompletableFuture<?> future() {
      return ids != null ? ids : outcomes;
    }
  }

  /**
   * What one submission's commit gave: an id per observation and, when some were duplicates, which
   * ones (null when none was).
   */
  private record Written(long[] ids, boolean[] duplicates) {}

  /** An idempotency key with the stream it is scoped to. */
  private record StreamKey(String key, long streamId, String kind)
      implements Comparable<StreamKey> {
    static StreamKey of(NewObservation observation) {
      return new StreamKey(
          observation.idempotencyKey(),
          observation.stream().id(),
          switch (observation.stream()) {
            case ObservationStream.Datastream d -> "D";
            case ObservationStream.MultiDatastream m -> "M";
          });
    }

    @Override
    public int compareTo(StreamKey other) {
      int byKey = key.compareTo(other.key);
      if (byKey != 0) {
        return byKey;
      }
      int byStream = Long.compare(streamId, other.streamId);
      return byStream != 0 ? byStream : kind.compareTo(other.kind);
    }
  }

  /** Put in the queue by {@link #close()}: the writer stops when it takes it. */
  private static final Submission END =
      new Submission(List.of(), new CompletableFuture<>(), null, false);

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
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();

  /**
   * Observations the writer stores per second while busy (a moving average over batches, taken from
   * the time each batch took to write and commit); 0 until the first batch. Read for the
   * Retry-After hint of a refusal.
   */
  private volatile double observationsPerSecond;

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
    CompletableFuture<List<Long>> ids = new CompletableFuture<>();
    enqueue(new Submission(copy, ids, null, anyKeyed(copy)));
    return ids;
  }

  @Override
  public CompletableFuture<List<IngestOutcome>> submitAllWithOutcomes(
      List<NewObservation> observations) {
    List<NewObservation> copy = List.copyOf(observations);
    if (copy.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    CompletableFuture<List<IngestOutcome>> outcomes = new CompletableFuture<>();
    enqueue(new Submission(copy, null, outcomes, anyKeyed(copy)));
    return outcomes;
  }

  private static boolean anyKeyed(List<NewObservation> observations) {
    for (NewObservation observation : observations) {
      if (observation.idempotencyKey() != null) {
        return true;
      }
    }
    return false;
  }

  private void enqueue(Submission submission) {
    int size = submission.observations().size();
    if (size > capacity) {
      throw new InvalidInputException(
          size
              + " observations in one submission exceed the ingest capacity of "
              + capacity
              + "; split them",
          null);
    }
    reserve(size);
    synchronized (lifecycle) {
      if (closed) {
        pending.addAndGet(-size);
        throw new UnavailableException("the ingest path is closed", null);
      }
      queue.add(submission);
    }
  }

  private void reserve(int count) {
    while (true) {
      int now = pending.get();
      if (now + count > capacity) {
        refused.addAndGet(count);
        Duration retryAfter = retryAfter(now);
        throw UnavailableException.overloaded(
            "the ingest queue is full ("
                + now
                + " of "
                + capacity
                + " observations waiting to be committed); retry in "
                + retryAfter.toSeconds()
                + " s",
            retryAfter);
      }
      if (pending.compareAndSet(now, now + count)) {
        return;
      }
    }
  }

  /**
   * About how long the writer needs to store {@code queued} observations at its recent pace, in
   * whole seconds from 1 to {@link #MAX_RETRY_AFTER_SECONDS}: a client that waits this long finds
   * room again, and one that comes back sooner would only be refused again.
   */
  private Duration retryAfter(int queued) {
    double pace = observationsPerSecond;
    long seconds = pace <= 0 ? 1 : (long) Math.ceil(queued / pace);
    return Duration.ofSeconds(Math.clamp(seconds, 1, MAX_RETRY_AFTER_SECONDS));
  }

  @Override
  public IngestStats stats() {
    return new IngestStats(
        committed.get(),
        batches.get(),
        failed.get(),
        Math.max(0, pending.get()),
        capacity,
        duplicates.get(),
        refused.get());
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
    write(batch, 1);
  }

  /**
   * @param attempt 1 for the first attempt; higher when the batch is written again after losing a
   *     race for an idempotency key
   */
  private void write(List<Submission> batch, int attempt) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        long started = System.nanoTime();
        List<Written> written = insert(connection, batch);
        connection.commit();
        notePace(batch, System.nanoTime() - started);
        batches.incrementAndGet();
        long sequence = ++committedBatches;
        List<Submission> done = List.copyOf(batch);
        // The fsync happens on the acknowledgement thread, so that the writer stores the next
        // batch meanwhile; one fsync there covers every batch committed before it began.
        acknowledgements.execute(
            () -> {
              makeDurableThrough(sequence);
              for (int i = 0; i < done.size(); i++) {
                complete(done.get(i), written.get(i));
              }
            });
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(connection);
        if (attempt < KEY_CONFLICT_ATTEMPTS && lostKeyRace(batch, e)) {
          log.debug("batch lost a race for an idempotency key, writing it again: {}", e.toString());
          write(batch, attempt + 1);
        } else if (batch.size() == 1) {
          fail(batch.getFirst(), explain(connection, batch.getFirst(), e));
        } else {
          log.debug("batch of {} submissions failed, retrying each alone: {}", batch.size(), e);
          for (Submission submission : batch) {
            write(List.of(submission), 1);
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
   * Whether a keyed batch failed because another transaction (another node on the same PostgreSQL)
   * inserted one of its keys first, or deadlocked with one doing so: written again, it finds those
   * keys stored. SQLSTATE 23505 (unique violation) and 40P01 (deadlock) are the same on both
   * engines; a JDBC batch may carry the cause as its next exception.
   */
  private static boolean lostKeyRace(List<Submission> batch, Exception error) {
    if (batch.stream().noneMatch(Submission::keyed)) {
      return false;
    }
    Throwable current = error;
    for (int depth = 0; current != null && depth < 10; depth++) {
      if (current instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("40P01".equals(state)) {
          return true;
        }
        if ("23505".equals(state)
            && String.valueOf(sql.getMessage())
                .toLowerCase(java.util.Locale.ROOT)
                .contains("observation_key")) {
          return true;
        }
        current = sql.getNextException() != null ? sql.getNextException() : sql.getCause();
      } else {
        current = current.getCause();
      }
    }
    return false;
  }

  /** Folds one batch into the writer's pace, which the Retry-After hint of a refusal reads. */
  private void notePace(List<Submission> batch, long nanos) {
    int observations = 0;
    for (Submission submission : batch) {
      observations += submission.observations().size();
    }
    double sample = observations * 1e9 / Math.max(nanos, 1);
    double previous = observationsPerSecond;
    observationsPerSecond = previous <= 0 ? sample : 0.8 * previous + 0.2 * sample;
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

  private List<Written> insert(Connection connection, List<Submission> batch) throws SQLException {
    boolean keyed = false;
    for (Submission submission : batch) {
      keyed |= submission.keyed();
    }
    // Keys already stored, read once for the whole batch; then keys new in this batch.
    Map<StreamKey, Long> known = keyed ? storedKeys(connection, batch) : Map.of();
    Map<StreamKey, Long> added = keyed ? new TreeMap<>() : Map.of();
    List<Written> allWritten = new ArrayList<>(batch.size());
    Map<ObservationStream, StreamTimes.Span> spans = new HashMap<>();
    int total = 0;
    for (Submission submission : batch) {
      total += submission.observations().size();
    }
    List<NewObservation> rows = new ArrayList<>(total);
    // Ids of the rows to insert: all of them unless some were duplicates.
    long[] rowIds = new long[total];
    for (Submission submission : batch) {
      long[] submissionIds = new long[submission.observations().size()];
      boolean[] repeated = null;
      int i = 0;
      for (NewObservation observation : submission.observations()) {
        StreamKey key =
            submission.keyed() && observation.idempotencyKey() != null
                ? StreamKey.of(observation)
                : null;
        Long earlier = key == null ? null : known.getOrDefault(key, added.get(key));
        if (earlier != null) {
          if (repeated == null) {
            repeated = new boolean[submissionIds.length];
          }
          repeated[i] = true;
          submissionIds[i++] = earlier;
          continue;
        }
        long id = ids.next(connection);
        submissionIds[i++] = id;
        if (key != null) {
          added.put(key, id);
        }
        rowIds[rows.size()] = id;
        rows.add(observation);
        TimeValue phenomenon = observation.phenomenonTime();
        spans
            .computeIfAbsent(observation.stream(), s -> new StreamTimes.Span())
            .include(phenomenon.start(), phenomenon.end(), observation.resultTime());
      }
      allWritten.add(new Written(submissionIds, repeated));
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
    if (!added.isEmpty()) {
      insertKeys(connection, added);
    }
    StreamTimes.widen(connection, spans);
    return allWritten;
  }

  /**
   * The stored Observation ids of the (stream, key) pairs of the batch that {@code observation_key}
   * holds, read with one statement per {@link #KEYS_PER_LOOKUP} distinct keys. The primary key
   * (key, stream) serves the look-up on both engines.
   */
  private static Map<StreamKey, Long> storedKeys(Connection connection, List<Submission> batch)
      throws SQLException {
    Set<StreamKey> wanted = new HashSet<>();
    for (Submission submission : batch) {
      if (submission.keyed()) {
        for (NewObservation observation : submission.observations()) {
          if (observation.idempotencyKey() != null) {
            wanted.add(StreamKey.of(observation));
          }
        }
      }
    }
    List<String> keys = wanted.stream().map(StreamKey::key).distinct().sorted().toList();
    List<Long> streams = wanted.stream().map(StreamKey::streamId).distinct().sorted().toList();
    Map<StreamKey, Long> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += KEYS_PER_LOOKUP) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_LOOKUP));
      // A key may recur on many streams (a frame counter, say); naming the streams too lets the
      // index skip the others.
      List<Long> streamChunk = streams.size() <= KEYS_PER_LOOKUP ? streams : List.of();
      String sql =
          "SELECT idempotency_key, stream_id, stream_kind, observation_id FROM observation_key"
              + " WHERE idempotency_key IN ("
              + placeholders(chunk.size())
              + ")"
              + (streamChunk.isEmpty()
                  ? ""
                  : " AND stream_id IN (" + placeholders(streamChunk.size()) + ")");
      try (PreparedStatement lookup = connection.prepareStatement(sql)) {
        int parameter = 1;
        for (String key : chunk) {
          lookup.setString(parameter++, key);
        }
        for (long stream : streamChunk) {
          lookup.setLong(parameter++, stream);
        }
        try (ResultSet row = lookup.executeQuery()) {
          while (row.next()) {
            StreamKey key = new StreamKey(row.getString(1), row.getLong(2), row.getString(3));
            if (wanted.contains(key)) {
              found.put(key, row.getLong(4));
            }
          }
        }
      }
    }
    return found;
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  /**
   * Inserts the batch's new keys in key order, so that two nodes inserting some of the same keys
   * take their locks in the same order and one waits for the other rather than deadlocking.
   */
  private static void insertKeys(Connection connection, Map<StreamKey, Long> added)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_KEY)) {
      for (Map.Entry<StreamKey, Long> entry : added.entrySet()) {
        StreamKey key = entry.getKey();
        insert.setString(1, key.key());
        insert.setLong(2, key.streamId());
        insert.setString(3, key.kind());
        insert.setLong(4, entry.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
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

  private void complete(Submission submission, Written written) {
    long[] submissionIds = written.ids();
    boolean[] repeated = written.duplicates();
    int duplicateCount = 0;
    if (repeated != null) {
      for (boolean duplicate : repeated) {
        duplicateCount += duplicate ? 1 : 0;
      }
    }
    pending.addAndGet(-submissionIds.length);
    committed.addAndGet(submissionIds.length - duplicateCount);
    duplicates.addAndGet(duplicateCount);
    if (submission.ids() != null) {
      List<Long> result = new ArrayList<>(submissionIds.length);
      for (long id : submissionIds) {
        result.add(id);
      }
      submission.ids().complete(List.copyOf(result));
    } else {
      List<IngestOutcome> result = new ArrayList<>(submissionIds.length);
      for (int i = 0; i < submissionIds.length; i++) {
        result.add(new IngestOutcome(submissionIds[i], repeated != null && repeated[i]));
      }
      submission.outcomes().complete(List.copyOf(result));
    }
  }

  private void fail(Submission submission, RuntimeException error) {
    int size = submission.observations().size();
    pending.addAndGet(-size);
    failed.addAndGet(size);
    acknowledgements.execute(() -> submission.future().completeExceptionally(error));
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      log.debug("rollback after a failed batch failed too", e);
    }
  }
}
