package org.civitas.governance.classes;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.civitas.governance.classes.store.DatastreamPolicyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every stored Datastream policy in memory, because reads ask per request and the ingest path per
 * Observation. Loaded when made; a change on this node is applied at once ({@link #applied}); every
 * {@link #REFRESH_MILLIS} the whole set is read again, so changes on other nodes (and policies
 * deleted with their Datastream) arrive within that time.
 *
 * <p>Thread-safe. Readers get an immutable snapshot without locking.
 */
final class PolicyCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyCache.class);

  /** How often the policies are read again: within the 2 s the other nodes may lag. */
  static final long REFRESH_MILLIS = 1_000;

  private final DatastreamPolicyStore store;
  private volatile Map<Long, DatastreamPolicy> snapshot;

  /** Counts local changes, so a refresh that read before one of them does not undo it. */
  private long changes;

  private ScheduledExecutorService refresher;

  PolicyCache(DatastreamPolicyStore store) {
    this.store = store;
    this.snapshot = index(store.all());
  }

  /** Starts refreshing from the store in the background; {@link #close} stops it. */
  synchronized void startRefreshing() {
    if (refresher != null) {
      return;
    }
    refresher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "datastream-policy-refresh");
              thread.setDaemon(true);
              return thread;
            });
    refresher.scheduleWithFixedDelay(
        this::refreshQuietly, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The stored policy of a Datastream, if it was classified. */
  Optional<DatastreamPolicy> find(long datastreamId) {
    return Optional.ofNullable(snapshot.get(datastreamId));
  }

  /** Every stored policy, by Datastream id; an immutable snapshot. */
  Map<Long, DatastreamPolicy> all() {
    return snapshot;
  }

  /** Takes a policy this node just stored, at once. */
  synchronized void applied(DatastreamPolicy policy) {
    Map<Long, DatastreamPolicy> next = new HashMap<>(snapshot);
    next.put(policy.datastreamId(), policy);
    snapshot = Map.copyOf(next);
    changes++;
  }

  /** Reads every policy again; a local change meanwhile wins until the next refresh. */
  void refresh() {
    long before;
    synchronized (this) {
      before = changes;
    }
    Map<Long, DatastreamPolicy> read = index(store.all());
    synchronized (this) {
      if (changes == before) {
        snapshot = read;
      }
    }
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // The last snapshot stays in force; storage being away is reported by /health.
      LOG.warn("Reading the Datastream policies failed; keeping the ones read before", e);
    }
  }

  private static Map<Long, DatastreamPolicy> index(List<DatastreamPolicy> policies) {
    Map<Long, DatastreamPolicy> byId = new HashMap<>();
    policies.forEach(policy -> byId.put(policy.datastreamId(), policy));
    return Map.copyOf(byId);
  }

  @Override
  public synchronized void close() {
    if (refresher != null) {
      refresher.shutdownNow();
      refresher = null;
    }
  }
}
