package org.civitas.web;

import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.civitas.error.CivitasException;
import org.civitas.server.access.ReadAccess;
import org.civitas.timeseries.ObservationStream;

/**
 * One connected Server-Sent Events client: a bounded buffer of events and the virtual thread that
 * writes them. {@link #offer} never blocks; a full buffer drops the client, because a client that
 * cannot keep up would otherwise hold events (memory) or the sender (ingest) hostage.
 */
final class LiveClient {

  /** One SSE event: its name and its JSON data. */
  record Event(String name, String data) {}

  private static final Event CLOSE = new Event("", "");

  private final SseClient sse;
  private final BlockingQueue<Event> buffer;
  private final Duration heartbeat;
  private final Consumer<LiveClient> onGone;
  private final ReadAccess access;
  private volatile boolean dropped;

  /**
   * @param access what this client's request may read (the server's guard decided it when the
   *     stream opened); Observations of other Datastreams are not sent to it
   */
  LiveClient(
      SseClient sse,
      int capacity,
      Duration heartbeat,
      Consumer<LiveClient> onGone,
      ReadAccess access) {
    this.sse = sse;
    this.access = access;
    this.buffer = new ArrayBlockingQueue<>(capacity + 1);
    this.heartbeat = heartbeat;
    this.onGone = onGone;
  }

  void start() {
    sse.keepAlive();
    sse.onClose(this::drop);
    Thread.ofVirtual().name("civitas-live-client").start(this::run);
  }

  /**
   * Whether this client may see Observations of the Datastream; a personal one's first is audited
   * here, before it is queued. Called on the flusher thread only.
   */
  boolean mayRead(long datastreamId) {
    ObservationStream stream = new ObservationStream.Datastream(datastreamId);
    try {
      access.requireReadable(stream);
      access.reading(stream);
      return true;
    } catch (CivitasException refused) {
      return false;
    }
  }

  /** Queues an event; false (and the client dropped) when the buffer is full or it is gone. */
  boolean offer(Event event) {
    if (dropped) {
      return false;
    }
    // One slot stays free for CLOSE, so a dropped client's writer always learns of it.
    if (buffer.remainingCapacity() <= 1 || !buffer.offer(event)) {
      drop();
      return false;
    }
    return true;
  }

  /** Stops the client: no more events are queued, and the writer closes the stream. */
  void drop() {
    if (!dropped) {
      dropped = true;
      onGone.accept(this);
      buffer.clear();
      buffer.offer(CLOSE);
    }
  }

  private void run() {
    try {
      sse.sendComment("connected");
      while (!dropped && !sse.terminated()) {
        Event event = buffer.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        if (event == CLOSE) {
          break;
        } else if (event == null) {
          sse.sendComment("heartbeat");
        } else {
          sse.sendEvent(event.name(), event.data());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      drop();
      sse.close();
    }
  }
}
