package org.civitas.rules.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.civitas.server.sensing.SensingApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actuation: for each {@link RuleAction.CreateTask} of a RAISE, creates a SensorThings Task in
 * {@code TaskingCapabilities(<id>)/Tasks} through {@link SensingApi#create}, with the same
 * validation as a POST; the Tasking path then delivers it and tracks its state in {@code
 * properties.delivery}. The Task's {@code properties.rule} names the rule, version, source and time
 * that asked for it, so a Task asked for twice (an outcome decided again after a crash) is
 * recognisable.
 *
 * <p>Tasks are created on a thread of their own, never on the engine's.
 */
public final class TaskActions implements RuleOutcomeListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskActions.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final SensingApi sensing;
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().daemon().name("rules-tasks").unstarted(r));
  private final AtomicLong created = new AtomicLong();

  public TaskActions(SensingApi sensing) {
    this.sensing = sensing;
  }

  /** Tasks created so far. */
  public long created() {
    return created.get();
  }

  @Override
  public void on(RuleOutcome outcome) {
    if (outcome.transition() != Transition.RAISE) {
      return;
    }
    for (RuleAction action : outcome.actions()) {
      if (action instanceof RuleAction.CreateTask task) {
        executor.execute(() -> create(outcome, task));
      }
    }
  }

  private void create(RuleOutcome outcome, RuleAction.CreateTask task) {
    ObjectNode body = MAPPER.createObjectNode();
    body.set("taskingParameters", MAPPER.valueToTree(task.taskingParameters()));
    body.putObject("properties")
        .putObject("rule")
        .put("id", outcome.ruleId())
        .put("version", outcome.ruleVersion())
        .put("source", outcome.source())
        .put("at", outcome.at().toString());
    try {
      long id =
          sensing.create(
              "TaskingCapabilities(" + task.taskingCapabilityId() + ")/Tasks",
              MAPPER.writeValueAsBytes(body));
      created.incrementAndGet();
      LOG.info(
          "Rule {} created Task {} on TaskingCapability {}",
          outcome.ruleId(),
          id,
          task.taskingCapabilityId());
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      LOG.warn(
          "Rule {} could not create its Task on TaskingCapability {}",
          outcome.ruleId(),
          task.taskingCapabilityId(),
          e);
    }
  }

  /** Creates the Tasks already asked for, then stops. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
