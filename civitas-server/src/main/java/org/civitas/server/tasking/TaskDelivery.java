package org.civitas.server.tasking;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.civitas.error.CivitasException;
import org.civitas.error.InvalidInputException;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.Navigation;
import org.civitas.sensing.query.EntityPage;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.Scope;
import org.civitas.sensing.query.filter.Filter;
import org.civitas.sensing.store.SensingStore;
import org.civitas.server.sensing.SensingApi;
import org.civitas.server.sensing.SensingEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each new Task to its device as its TaskingCapability's {@code properties.delivery} says:
 * an HTTP POST of the Task's JSON, a publish on the embedded MQTT broker, or a LoRaWAN downlink of
 * its parameters. Delivery starts once the Task is committed and runs on threads of its own, so it
 * never holds up the POST that created the Task. A failed attempt is retried with exponential
 * backoff up to a bound; the state is kept in the Task ({@link DeliveryState}), so Tasks still
 * pending when the node stopped are delivered once it starts again.
 *
 * <p>Thread-safe. {@link #start} begins; {@link #close()} stops without waiting for devices.
 */
public final class TaskDelivery implements SensingEvents, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskDelivery.class);

  private static final Navigation TASK_CAPABILITY =
      EntityType.TASK.navigation("TaskingCapability").orElseThrow();

  /** How long a device may take to answer one HTTP delivery. */
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  /** How many Tasks the start-up scan reads per page. */
  private static final int PAGE = 500;

  /**
   * How often and how patiently to try.
   *
   * @param maxAttempts attempts before a Task is marked failed
   * @param firstDelay the wait after the first failed attempt; doubled after each further one
   * @param maxDelay the longest wait between attempts
   */
  public record Retries(int maxAttempts, Duration firstDelay, Duration maxDelay) {
    /** 8 attempts over about a minute. */
    public static final Retries DEFAULT =
        new Retries(8, Duration.ofMillis(500), Duration.ofSeconds(30));

    public Retries {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
      }
    }

    /** The wait after the given number of failed attempts. */
    Duration delayAfter(int failedAttempts) {
      long factor = 1L << Math.min(failedAttempts - 1, 20);
      Duration delay = firstDelay.multipliedBy(factor);
      return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
  }

  private final SensingStore store;
  private final SensingApi api;
  private final Retries retries;
  private final Clock clock;
  private final HttpClient http;

  /** Runs the HTTP client's work and the completions of HTTP deliveries. */
  private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();

  private final ScheduledThreadPoolExecutor scheduler;

  /** Tasks being delivered now or waiting for their next attempt: each is worked on once. */
  private final Set<Long> active = ConcurrentHashMap.newKeySet();

  private final MeterRegistry registry;

  private volatile boolean closed;

  private TaskDelivery(
      SensingStore store, SensingApi api, Retries retries, Clock clock, MeterRegistry registry) {
    this.registry = registry;
    this.store = store;
    this.api = api;
    this.retries = retries;
    this.clock = clock;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("civitas-task-delivery").daemon(true).factory());
    // Waiting attempts are dropped at close; they stay pending in storage for the next start.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.scheduler = executor;
    this.http =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(callbacks).build();
  }

  /**
   * Listens for new Tasks of {@code api} and resumes the deliveries still pending in {@code store}.
   * Attempts are counted in {@code
   * civitas_task_deliveries_total{outcome=delivered|retried|failed}}.
   */
  public static TaskDelivery start(
      SensingStore store, SensingApi api, Retries retries, Clock clock, MeterRegistry registry) {
    TaskDelivery delivery = new TaskDelivery(store, api, retries, clock, registry);
    api.listen(delivery);
    delivery.scheduler.execute(delivery::resumePending);
    return delivery;
  }

  @Override
  public void created(Entity entity, Map<Navigation, List<Long>> links) {
    if (entity.type() == EntityType.TASK) {
      begin(entity.id());
    }
  }

  @Override
  public void updated(
      EntityType type, long id, Set<String> changed, Map<Navigation, List<Long>> links) {}

  /** Stops listening and attempting; what is pending stays pending for the next start. */
  @Override
  public void close() {
    closed = true;
    api.stopListening(this);
    // Never interrupt: an interrupted write closes the embedded engine's file for good.
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
    callbacks.close();
  }

  private void resumePending() {
    Filter pending = Filter.parse("properties/delivery/state eq 'pending'", EntityType.TASK);
    List<Long> ids = new ArrayList<>();
    long skip = 0;
    try {
      EntityPage page;
      do {
        page =
            store.query(
                new EntityQuery(
                        EntityType.TASK,
                        Optional.empty(),
                        List.of(),
                        skip,
                        PAGE,
                        false,
                        Set.of("creationTime"))
                    .withFilter(pending));
        page.entities().forEach(task -> ids.add(task.id()));
        skip += page.entities().size();
      } while (page.more());
    } catch (CivitasException e) {
      LOG.warn("Could not read the Tasks still to be delivered: {}", e.getMessage());
      return;
    }
    if (!ids.isEmpty()) {
      LOG.info("Resuming the delivery of {} pending Tasks", ids.size());
    }
    ids.forEach(this::begin);
  }

  private void begin(long task) {
    if (active.add(task)) {
      schedule(task, Duration.ZERO);
    }
  }

  private void schedule(long task, Duration delay) {
    if (closed) {
      active.remove(task);
      return;
    }
    try {
      scheduler.schedule(() -> attempt(task), delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      active.remove(task);
    }
  }

  /** One attempt; the outcome is recorded when the device or broker answers. */
  private void attempt(long taskId) {
    Optional<Entity> task;
    Optional<DeliveryState> state;
    DeliveryTarget target;
    try {
      task = store.find(EntityType.TASK, taskId, Set.of());
      state = task.flatMap(t -> DeliveryState.from((Json) t.value("properties")));
      if (state.isEmpty() || !state.get().state().equals(DeliveryState.PENDING)) {
        active.remove(taskId);
        return;
      }
      Entity capability =
          store
              .query(
                  new EntityQuery(
                      EntityType.TASKING_CAPABILITY,
                      Optional.of(new Scope(taskId, TASK_CAPABILITY)),
                      List.of(),
                      0,
                      1,
                      false,
                      Set.of("properties")))
              .entities()
              .getFirst();
      target =
          DeliveryTarget.of((Json) capability.value("properties"), "TaskingCapability/")
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "the TaskingCapability no longer names a delivery target",
                          DeliveryTarget.FIELD));
    } catch (CivitasException e) {
      // Gone, or the capability no longer says where to: no attempt can succeed.
      finish(taskId, attemptsSoFar(taskId) + 1, false, e.getMessage());
      return;
    } catch (RuntimeException e) {
      LOG.warn("Delivery of Task {} could not start; trying again later", taskId, e);
      retryOrFail(taskId, attemptsSoFar(taskId) + 1, e.toString());
      return;
    }
    int attempt = state.get().attempts() + 1;
    byte[] json = api.entityJson(task.get());
    CompletableFuture<Void> sent =
        switch (target) {
          case DeliveryTarget.Http h -> post(h, json);
          case DeliveryTarget.Mqtt m -> publish(m.topic(), json);
          case DeliveryTarget.Device d -> publish(d.topic(), json);
          case DeliveryTarget.Lorawan l ->
              api.downlinkSender()
                  .map(sender -> sender.send(l, (Json) task.get().value("taskingParameters")))
                  .orElseGet(
                      () ->
                          CompletableFuture.failedFuture(
                              new IllegalStateException(
                                  "no LoRaWAN network server is configured")));
        };
    sent.whenComplete(
        (done, failure) -> {
          if (failure == null) {
            finish(taskId, attempt, true, null);
          } else {
            Throwable cause =
                failure instanceof java.util.concurrent.CompletionException
                        && failure.getCause() != null
                    ? failure.getCause()
                    : failure;
            if (cause instanceof InvalidInputException) {
              // Parameters the device's codec cannot encode, or a downlink the network server
              // refused as such: no later attempt can succeed.
              finish(taskId, attempt, false, describe(cause));
            } else {
              retryOrFail(taskId, attempt, describe(cause));
            }
          }
        });
  }

  private CompletableFuture<Void> publish(String topic, byte[] json) {
    return api.devicePublisher()
        .map(publisher -> publisher.publish(topic, json))
        .orElseGet(
            () ->
                CompletableFuture.failedFuture(
                    new IllegalStateException("the MQTT broker is not running")));
  }

  private CompletableFuture<Void> post(DeliveryTarget.Http target, byte[] json) {
    HttpRequest request =
        HttpRequest.newBuilder(target.url())
            .timeout(HTTP_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json))
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenAccept(
            response -> {
              if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(
                    "the device answered HTTP " + response.statusCode());
              }
            });
  }

  private void retryOrFail(long taskId, int attempts, String error) {
    if (attempts >= retries.maxAttempts()) {
      finish(taskId, attempts, false, error);
      return;
    }
    count("retried");
    if (record(taskId, DeliveryState.PENDING, attempts, error)) {
      schedule(taskId, retries.delayAfter(attempts));
    } else {
      active.remove(taskId);
    }
  }

  private void finish(long taskId, int attempts, boolean delivered, String error) {
    count(delivered ? DeliveryState.DELIVERED : DeliveryState.FAILED);
    record(taskId, delivered ? DeliveryState.DELIVERED : DeliveryState.FAILED, attempts, error);
    active.remove(taskId);
    if (!delivered) {
      LOG.warn("Task {} could not be delivered after {} attempts: {}", taskId, attempts, error);
    }
  }

  /** Writes the state into the Task; false when the Task is gone or storage refused. */
  private boolean record(long taskId, String stateName, int attempts, String error) {
    try {
      store.inTransaction(
          tx -> {
            Json properties =
                (Json)
                    tx.find(EntityType.TASK, taskId, Set.of("properties"))
                        .orElseThrow(
                            () -> new NotFoundException("no Task with id " + taskId, "path"))
                        .value("properties");
            String channel =
                DeliveryState.from(properties).map(DeliveryState::channel).orElse("unknown");
            DeliveryState state =
                new DeliveryState(
                    stateName,
                    channel,
                    attempts,
                    error,
                    stateName.equals(DeliveryState.DELIVERED) ? clock.instant() : null);
            tx.update(
                taskId,
                new EntityDraft(
                    EntityType.TASK, Map.of("properties", state.into(properties)), Map.of()));
            return null;
          });
      api.announceUpdated(EntityType.TASK, taskId, Set.of("properties"));
      return true;
    } catch (NotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("Could not record the delivery state of Task {}: {}", taskId, e.toString());
      }
      return false;
    }
  }

  private void count(String outcome) {
    Counter.builder("civitas_task_deliveries")
        .description("Attempts to deliver Tasks to devices, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  private int attemptsSoFar(long taskId) {
    try {
      return store
          .find(EntityType.TASK, taskId, Set.of("properties"))
          .flatMap(t -> DeliveryState.from((Json) t.value("properties")))
          .map(DeliveryState::attempts)
          .orElse(0);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
