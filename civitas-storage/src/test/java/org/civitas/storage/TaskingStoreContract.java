package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.civitas.sensing.model.EntityType.ACTUATOR;
import static org.civitas.sensing.model.EntityType.TASK;
import static org.civitas.sensing.model.EntityType.TASKING_CAPABILITY;
import static org.civitas.sensing.model.EntityType.THING;
import static org.civitas.storage.SensingFixtures.draft;
import static org.civitas.storage.SensingFixtures.nav;
import static org.civitas.storage.SensingFixtures.values;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Entity;
import org.civitas.sensing.model.EntityDraft;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.model.TimeValue;
import org.civitas.sensing.query.EntityQuery;
import org.civitas.sensing.query.Scope;
import org.civitas.sensing.query.filter.Filter;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Tasking Core entities (OGC 17-079) in a {@link SensingStore}: Actuators, TaskingCapabilities
 * and Tasks with their links and cascades, run once per engine by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TaskingStoreContract {
  private static final String PARAMETERS =
      "{\"type\":\"DataRecord\",\"field\":[{\"name\":\"state\",\"label\":\"On/Off\","
          + "\"description\":\"Turn the light on or off\",\"definition\":\"x\","
          + "\"constraint\":{\"type\":\"AllowedTokens\",\"value\":[\"on\",\"off\"]},"
          + "\"type\":\"Category\"}]}";

  protected SensingStore store;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    store = Storage.open(settings());
  }

  @AfterAll
  void closeStore() {
    if (store != null) {
      store.close();
    }
    afterStoreClosed();
  }

  /** A Thing, an Actuator and a TaskingCapability of both, created in one transaction. */
  private record Setup(long thing, long actuator, long capability) {}

  private Setup setup(String name) {
    return store.inTransaction(
        tx -> {
          long thing = tx.create(SensingFixtures.thing(name));
          long actuator = tx.create(actuator(name));
          long capability = tx.create(capability(name, thing, actuator));
          return new Setup(thing, actuator, capability);
        });
  }

  private static EntityDraft actuator(String name) {
    return draft(
        ACTUATOR,
        values(
            "name",
            name + " actuator",
            "description",
            "switches the light",
            "encodingType",
            "application/pdf",
            "metadata",
            new Json("\"https://example.org/relay.pdf\""),
            "properties",
            new Json("{\"vendor\":\"acme\"}")),
        Map.of());
  }

  private static EntityDraft capability(String name, long thing, long actuator) {
    return draft(
        TASKING_CAPABILITY,
        values(
            "name",
            name + " switch",
            "description",
            "switches " + name,
            "taskingParameters",
            new Json(PARAMETERS),
            "properties",
            new Json("{\"delivery\":{\"http\":{\"url\":\"http://127.0.0.1:1/x\"}}}")),
        Map.of(
            nav(TASKING_CAPABILITY, "Thing"), List.of(thing),
            nav(TASKING_CAPABILITY, "Actuator"), List.of(actuator)));
  }

  private static EntityDraft task(long capability, String state) {
    return draft(
        TASK,
        values("taskingParameters", new Json("{\"state\":\"" + state + "\"}")),
        Map.of(nav(TASK, "TaskingCapability"), List.of(capability)));
  }

  private List<Long> ids(EntityType type, EntityType parent, String navigation, long parentId) {
    return store
        .query(
            new EntityQuery(
                type,
                Optional.of(new Scope(parentId, nav(parent, navigation))),
                List.of(),
                0,
                100,
                false,
                Set.of()))
        .entities()
        .stream()
        .map(Entity::id)
        .toList();
  }

  @Test
  void creates_and_reads_actuators_tasking_capabilities_and_tasks_with_all_their_properties() {
    Setup setup = setup("lamp-1");
    Instant before = Instant.now().minus(Duration.ofSeconds(5));
    long task = store.inTransaction(tx -> tx.create(task(setup.capability(), "on")));

    Entity actuator = store.find(ACTUATOR, setup.actuator(), Set.of()).orElseThrow();
    assertThat(actuator.values())
        .containsEntry("name", "lamp-1 actuator")
        .containsEntry("encodingType", "application/pdf")
        .containsEntry("metadata", new Json("\"https://example.org/relay.pdf\""))
        .containsEntry("properties", new Json("{\"vendor\":\"acme\"}"));
    Entity capability = store.find(TASKING_CAPABILITY, setup.capability(), Set.of()).orElseThrow();
    assertThat(capability.value("taskingParameters")).isEqualTo(new Json(PARAMETERS));
    Entity read = store.find(TASK, task, Set.of()).orElseThrow();
    assertThat(read.value("taskingParameters")).isEqualTo(new Json("{\"state\":\"on\"}"));
    assertThat(read.value("properties")).isNull();
    Instant created = ((TimeValue.Instant) read.value("creationTime")).start();
    assertThat(created).isBetween(before, Instant.now().plus(Duration.ofSeconds(5)));
  }

  @Test
  void the_creation_time_of_a_task_is_set_by_the_store_and_cannot_be_written() {
    Setup setup = setup("lamp-2");
    EntityDraft withTime =
        draft(
            TASK,
            values(
                "taskingParameters", new Json("{}"),
                "creationTime", new TimeValue.Instant(Instant.parse("2000-01-01T00:00:00Z"))),
            Map.of(nav(TASK, "TaskingCapability"), List.of(setup.capability())));
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.create(withTime)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("creationTime");
  }

  @Test
  void a_tasking_capability_needs_its_thing_and_actuator_and_a_task_its_capability() {
    long thing = store.inTransaction(tx -> tx.create(SensingFixtures.thing("lamp-3")));
    EntityDraft withoutActuator =
        draft(
            TASKING_CAPABILITY,
            values("name", "x", "description", "y", "taskingParameters", new Json("{}")),
            Map.of(nav(TASKING_CAPABILITY, "Thing"), List.of(thing)));
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.create(withoutActuator)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Actuator");
    EntityDraft orphanTask = draft(TASK, values("taskingParameters", new Json("{}")), Map.of());
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.create(orphanTask)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("TaskingCapability");
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.create(task(Long.MAX_VALUE, "on"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("TaskingCapability");
  }

  @Test
  void navigation_reaches_every_end_of_the_tasking_links() {
    Setup setup = setup("lamp-4");
    long first = store.inTransaction(tx -> tx.create(task(setup.capability(), "on")));
    long second = store.inTransaction(tx -> tx.create(task(setup.capability(), "off")));

    assertThat(ids(TASKING_CAPABILITY, THING, "TaskingCapabilities", setup.thing()))
        .containsExactly(setup.capability());
    assertThat(ids(TASKING_CAPABILITY, ACTUATOR, "TaskingCapabilities", setup.actuator()))
        .containsExactly(setup.capability());
    assertThat(ids(TASK, TASKING_CAPABILITY, "Tasks", setup.capability()))
        .containsExactlyInAnyOrder(first, second);
    assertThat(ids(TASKING_CAPABILITY, TASK, "TaskingCapability", first))
        .containsExactly(setup.capability());
    assertThat(ids(THING, TASKING_CAPABILITY, "Thing", setup.capability()))
        .containsExactly(setup.thing());
    assertThat(ids(ACTUATOR, TASKING_CAPABILITY, "Actuator", setup.capability()))
        .containsExactly(setup.actuator());
  }

  @Test
  void the_properties_of_a_task_can_be_updated_by_the_service() {
    Setup setup = setup("lamp-5");
    long task = store.inTransaction(tx -> tx.create(task(setup.capability(), "on")));
    Json delivered = new Json("{\"delivery\":{\"state\":\"delivered\",\"attempts\":1}}");
    store.inTransaction(
        tx -> {
          tx.update(task, draft(TASK, values("properties", delivered), Map.of()));
          return null;
        });
    assertThat(store.find(TASK, task, Set.of("properties")).orElseThrow().value("properties"))
        .isEqualTo(delivered);
  }

  @Test
  void deleting_a_tasking_capability_deletes_its_tasks_only() {
    Setup setup = setup("lamp-6");
    long task = store.inTransaction(tx -> tx.create(task(setup.capability(), "on")));
    store.inTransaction(
        tx -> {
          tx.delete(TASKING_CAPABILITY, setup.capability());
          return null;
        });
    assertThat(store.find(TASK, task, Set.of())).isEmpty();
    assertThat(store.find(THING, setup.thing(), Set.of())).isPresent();
    assertThat(store.find(ACTUATOR, setup.actuator(), Set.of())).isPresent();
  }

  @Test
  void deleting_a_thing_or_an_actuator_deletes_their_tasking_capabilities_and_tasks() {
    Setup viaThing = setup("lamp-7");
    Setup viaActuator = setup("lamp-8");
    long taskOfThing = store.inTransaction(tx -> tx.create(task(viaThing.capability(), "on")));
    long taskOfActuator =
        store.inTransaction(tx -> tx.create(task(viaActuator.capability(), "on")));
    store.inTransaction(
        tx -> {
          tx.delete(THING, viaThing.thing());
          tx.delete(ACTUATOR, viaActuator.actuator());
          return null;
        });
    assertThat(store.find(TASKING_CAPABILITY, viaThing.capability(), Set.of())).isEmpty();
    assertThat(store.find(TASK, taskOfThing, Set.of())).isEmpty();
    assertThat(store.find(ACTUATOR, viaThing.actuator(), Set.of())).isPresent();
    assertThat(store.find(TASKING_CAPABILITY, viaActuator.capability(), Set.of())).isEmpty();
    assertThat(store.find(TASK, taskOfActuator, Set.of())).isEmpty();
    assertThat(store.find(THING, viaActuator.thing(), Set.of())).isPresent();
  }

  @Test
  void tasks_are_found_by_a_filter_on_their_delivery_state() {
    Setup setup = setup("lamp-9");
    long pending = store.inTransaction(tx -> tx.create(task(setup.capability(), "on")));
    long delivered = store.inTransaction(tx -> tx.create(task(setup.capability(), "off")));
    store.inTransaction(
        tx -> {
          tx.update(
              pending,
              draft(
                  TASK,
                  values("properties", new Json("{\"delivery\":{\"state\":\"pending\"}}")),
                  Map.of()));
          tx.update(
              delivered,
              draft(
                  TASK,
                  values("properties", new Json("{\"delivery\":{\"state\":\"delivered\"}}")),
                  Map.of()));
          return null;
        });
    Optional<Long> found =
        store
            .query(
                EntityQuery.all(TASK, 100)
                    .withFilter(Filter.parse("properties/delivery/state eq 'pending'", TASK)))
            .entities()
            .stream()
            .map(Entity::id)
            .filter(id -> id == pending || id == delivered)
            .reduce((a, b) -> -1L);
    assertThat(found).contains(pending);
  }
}
