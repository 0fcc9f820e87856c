package org.civitas.simulator.client;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.civitas.simulator.device.Protocol;

/** What a run has sent so far, per protocol: acknowledged and failed readings. Thread-safe. */
public final class RunStats {
  private final Map<Protocol, AtomicLong> sent = new EnumMap<>(Protocol.class);
  private final Map<Protocol, AtomicLong> failed = new EnumMap<>(Protocol.class);
  private final Map<Protocol, AtomicReference<String>> lastFailure = new EnumMap<>(Protocol.class);

  RunStats() {
    for (Protocol protocol : Protocol.values()) {
      sent.put(protocol, new AtomicLong());
      failed.put(protocol, new AtomicLong());
      lastFailure.put(protocol, new AtomicReference<>());
    }
  }

  /** Readings of the protocol's devices the platform acknowledged. */
  public long sent(Protocol protocol) {
    return sent.get(protocol).get();
  }

  /** Readings of the protocol's devices that failed (refused, unreachable, timed out). */
  public long failed(Protocol protocol) {
    return failed.get(protocol).get();
  }

  /** Why the protocol's latest failure failed; null when none did. */
  public String lastFailure(Protocol protocol) {
    return lastFailure.get(protocol).get();
  }

  public long sent() {
    return sent.values().stream().mapToLong(AtomicLong::get).sum();
  }

  public long failed() {
    return failed.values().stream().mapToLong(AtomicLong::get).sum();
  }

  void succeeded(Protocol protocol) {
    sent.get(protocol).incrementAndGet();
  }

  /** Counts a failure; answers whether it is the protocol's first. */
  boolean failed(Protocol protocol, String reason) {
    lastFailure.get(protocol).set(reason);
    return failed.get(protocol).incrementAndGet() == 1;
  }

  @Override
  public String toString() {
    StringBuilder line = new StringBuilder("sent");
    for (Protocol protocol : Protocol.values()) {
      line.append(' ').append(protocol.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
      line.append(sent(protocol));
    }
    line.append(", failed");
    for (Protocol protocol : Protocol.values()) {
      line.append(' ').append(protocol.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
      line.append(failed(protocol));
    }
    return line.toString();
  }
}
