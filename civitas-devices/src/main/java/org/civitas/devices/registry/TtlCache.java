package org.civitas.devices.registry;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small cache whose entries expire a fixed time after they were loaded. It bounds how stale an
 * answer can be on a node that did not make a change itself: this node invalidates what it changes
 * at once, another node sees the change within the time to live.
 *
 * <p>Thread-safe. Two threads missing the same key at once may both load it; the last one wins,
 * which is harmless for the idempotent reads cached here. When it holds {@code maxEntries} it is
 * emptied rather than evicting one by one: simple, and a reload costs one indexed query.
 */
final class TtlCache<K, V> {
  private record Entry<V>(V value, long expiresAtMillis) {}

  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
  private final Clock clock;
  private final long ttlMillis;
  private final int maxEntries;

  TtlCache(Clock clock, Duration ttl, int maxEntries) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("a cache's time to live must not be negative: " + ttl);
    }
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
  }

  /** The cached value of {@code key}, loading it when absent or expired. */
  V get(K key, Function<K, V> loader) {
    long now = clock.millis();
    Entry<V> entry = entries.get(key);
    if (entry != null && now < entry.expiresAtMillis()) {
      return entry.value();
    }
    V value = loader.apply(key);
    if (ttlMillis > 0) {
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
      entries.put(key, new Entry<>(value, now + ttlMillis));
    }
    return value;
  }

  void invalidate(K key) {
    entries.remove(key);
  }

  void invalidateAll() {
    entries.clear();
  }
}
