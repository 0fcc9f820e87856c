package org.civitas.governance.identity;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.civitas.governance.audit.Audit;

/**
 * An {@link Audit} that keeps events in memory, for tests to read back. The hash-chained log is the
 * audit part of issue 7, built beside this one; the identity code depends only on the interface.
 */
public final class RecordingAudit implements Audit {

  /** One recorded event. */
  public record Event(String actor, String action, String target, Map<String, String> details) {
    /** Every text of the event, for checking that no secret got in. */
    public String text() {
      return actor + " " + action + " " + target + " " + details;
    }
  }

  private final List<Event> events = new CopyOnWriteArrayList<>();

  @Override
  public void record(String actor, String action, String target, Map<String, String> details) {
    events.add(new Event(actor, action, target, Map.copyOf(details)));
  }

  public List<Event> events() {
    return List.copyOf(events);
  }

  public List<Event> of(String action) {
    return events.stream().filter(e -> e.action().equals(action)).toList();
  }

  public Event last() {
    return events.getLast();
  }
}
