package org.civitas.governance.privacy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civitas.governance.audit.Audit;

/**
 * An in-test {@link Audit} that keeps what it is told in memory, for asserting on; the real,
 * hash-chained log is another part of governance.
 */
public final class RecordingAudit implements Audit {

  /** One recorded event. */
  public record Entry(String actor, String action, String target, Map<String, String> details) {}

  private final List<Entry> entries = new CopyOnWriteArrayList<>();

  @Override
  public void record(String actor, String action, String target, Map<String, String> details) {
    entries.add(new Entry(actor, action, target, Map.copyOf(details)));
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  /** The entries of one action, in order. */
  public List<Entry> of(String action) {
    return entries.stream().filter(e -> e.action().equals(action)).toList();
  }
}
