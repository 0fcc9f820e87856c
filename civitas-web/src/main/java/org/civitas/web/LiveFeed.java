package org.civitas.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.civitas.error.UnavailableException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.model.TimeValue;
import org.civitas.server.sensing.SensingApi;
import org.civitas.server.sensing.SensingEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live events behind {@code GET /api/v1/live}: committed Observations, changed device-health
 * counts and changed alarms, fanned out to every connected Server-Sent Events client.
 *
 * <p>Ingest never waits for a browser. The listener on the commit path only records the newest
 * Observation per Datastream in a map (one entry per Datastream, so it is bounded by the city, not
 * the rate); one flusher thread turns each entry into one event every {@link #FLUSH} (the throttle:
 * at most one event per Datastream per interval, the newest value wins) and offers it to each
 * client's bounded buffer. A client whose buffer is full is dropped at once; its own writer thread
 * sends, so a slow connection delays no one else. Idle clients get a heartbeat comment every {@link
 * #HEARTBEAT}, which keeps proxies from closing the stream and lets Jetty notice a vanished client.
 *
 * <p>Thread-safe.
 */
public final class LiveFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  static final Duration FLUSH = Duration.ofMillis(500);
  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  static final int CLIENT_BUFFER = 512;
  static final int MAX_CLIENTS = 200;

  private final SensingApi api;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Long, Entity> pending = new ConcurrentHashMap<>();
  private final Set<LiveClient> clients = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService flusher;
  private final SensingEvents listener = new Listener();
  private final Duration heartbeat;
  private volatile String lastHealth;

  private LiveFeed(SensingApi api, Duration heartbeat) {
    this.api = api;
    this.heartbeat = heartbeat;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().name("civitas-live").daemon().unstarted(task));
  }

  /** Starts listening to {@code api}'s committed Observations. */
  public static LiveFeed start(SensingApi api) {
    return start(api, HEARTBEAT);
  }

  static LiveFeed start(SensingApi api, Duration heartbeat) {
    LiveFeed feed = new LiveFeed(Objects.requireNonNull(api, "api"), heartbeat);
    api.listen(feed.listener);
    feed.flusher.scheduleWithFixedDelay(
        feed::flushSafely, FLUSH.toMillis(), FLUSH.toMillis(), TimeUnit.MILLISECONDS);
    return feed;
  }

  /**
   * Asks {@code counts} for the device-health counts by state (contract 3's {@code counts}) every
   * {@code every} and sends a {@code health} event when they changed.
   */
  public void pollHealth(Supplier<? extends Map<String, ? extends Number>> counts, Duration every) {
    Objects.requireNonNull(counts, "counts");
    flusher.scheduleWithFixedDelay(
        () -> {
          try {
            healthCounts(counts.get());
          } catch (RuntimeException e) {
            LOG.warn("Device health counts for the live feed failed; trying again later", e);
          }
        },
        0,
        every.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * Sends a {@code health} event with these counts by state, unless they are the last ones sent.
   */
  public void healthCounts(Map<String, ? extends Number> counts) {
    ObjectNode node = json.createObjectNode();
    new TreeMap<>(counts).forEach((state, count) -> node.put(state, count.longValue()));
    String data = node.toString();
    if (!data.equals(lastHealth)) {
      lastHealth = data;
      broadcast(new LiveClient.Event("health", data));
    }
  }

  /**
   * Sends an {@code alarm} event, {@code {"event": "raised", "id": 7}}: alarm {@code id} changed
   * ({@code raised}, {@code acknowledged}, ...), so a console showing alarms reads them again.
   * Quick and never blocking: the event is only offered to each client's buffer, so it may be
   * called on the thread that changed the alarm.
   */
  public void alarmChanged(String event, long id) {
    ObjectNode node = json.createObjectNode();
    node.put("event", Objects.requireNonNull(event, "event"));
    node.put("id", id);
    broadcast(new LiveClient.Event("alarm", node.toString()));
  }

  /** How many clients are connected. */
  public int clients() {
    return clients.size();
  }

  /**
   * Serves one SSE client until it disconnects or is dropped; returns at once (the client's own
   * virtual thread writes).
   *
   * @throws UnavailableException when {@link #MAX_CLIENTS} are connected already
   */
  void serve(SseClient sse) {
    if (clients.size() >= MAX_CLIENTS) {
      throw UnavailableException.overloaded(
          "the live feed serves at most " + MAX_CLIENTS + " clients at once; try again later",
          Duration.ofSeconds(30));
    }
    LiveClient client =
        new LiveClient(
            sse, CLIENT_BUFFER, heartbeat, clients::remove, api.guard().reads(sse.ctx()));
    clients.add(client);
    String health = lastHealth;
    if (health != null) {
      client.offer(new LiveClient.Event("health", health));
    }
    client.start();
  }

  private void flushSafely() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.warn("The live feed failed to send observations; it goes on with the next ones", e);
    }
  }

  private void flush() {
    Iterator<Map.Entry<Long, Entity>> entries = pending.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<Long, Entity> entry = entries.next();
      // remove(key, value): an Observation recorded meanwhile stays for the next flush.
      pending.remove(entry.getKey(), entry.getValue());
      LiveClient.Event event =
          new LiveClient.Event("observation", observation(entry.getKey(), entry.getValue()));
      for (LiveClient client : clients) {
        // Each client sees what its request may read under the server's guard (all without one).
        if (client.mayRead(entry.getKey()) && !client.offer(event)) {
          LOG.debug("Dropped a live client that fell {} events behind", CLIENT_BUFFER);
        }
      }
    }
  }

  private void broadcast(LiveClient.Event event) {
    for (LiveClient client : clients) {
      if (!client.offer(event)) {
        LOG.debug("Dropped a live client that fell {} events behind", CLIENT_BUFFER);
      }
    }
  }

  private String observation(long datastreamId, Entity observation) {
    ObjectNode node = json.createObjectNode();
    node.put("datastreamId", datastreamId);
    node.put("phenomenonTime", timeText(observation.value("phenomenonTime")));
    Object result = observation.value("result");
    try {
      if (result instanceof Json value) {
        node.set("result", json.readTree(value.text()));
      } else if (result == null) {
        node.putNull("result");
      } else {
        node.put("result", result.toString());
      }
    } catch (JsonProcessingException e) {
      node.put("result", result.toString());
    }
    return node.toString();
  }

  private static String timeText(Object time) {
    return switch (time) {
      case TimeValue.Instant instant -> instant.at().toString();
      case TimeValue.Interval interval -> interval.start() + "/" + interval.end();
      case null -> null;
      default -> time.toString();
    };
  }

  /** Stops listening and closes every client. */
  @Override
  public void close() {
    api.stopListening(listener);
    flusher.shutdownNow();
    clients.forEach(LiveClient::drop);
  }

  /** On the commit path: one map write per Observation, and nothing while nobody listens. */
  private final class Listener implements SensingEvents {
    @Override
    public void created(Entity entity, Map<Navigation, List<Long>> links) {
      if (entity.type() != EntityType.OBSERVATION || clients.isEmpty()) {
        return;
      }
      links.forEach(
          (navigation, ids) -> {
            if (navigation.target() == EntityType.DATASTREAM && !ids.isEmpty()) {
              pending.put(ids.getFirst(), entity);
            }
          });
    }

    @Override
    public void updated(
        EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links) {}
  }
}
