package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.civitas.error.NotFoundException;
import org.civitas.governance.classes.DataClass;
import org.civitas.governance.classes.DatastreamPolicy;
import org.civitas.governance.classes.store.DatastreamPolicyStore;
import org.civitas.governance.identity.Department;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The governance policies of Datastreams ({@link DatastreamPolicyStore}, migration V13), run once
 * per engine by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatastreamPolicyStoreContract {

  protected SensingStore sensing;
  protected DatastreamPolicyStore policies;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    policies = Storage.datastreamPolicies(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  private static DatastreamPolicy personal(long datastream, boolean active) {
    return new DatastreamPolicy(
        datastream,
        DataClass.SENSITIVE_PERSONAL,
        Optional.of(Department.HEALTH),
        Set.of("care-visits", "epidemiology"),
        Optional.of(Duration.ofDays(30)),
        Optional.of("wearable-fall-sensors"),
        Optional.of("resident-4711"),
        true,
        active);
  }

  @Test
  void a_stored_policy_is_read_back_with_every_field() {
    long datastream = SensingFixtures.graph(sensing, "policy-read").datastream();

    policies.put(personal(datastream, false));

    assertThat(policies.find(datastream)).contains(personal(datastream, false));
    assertThat(policies.all()).contains(personal(datastream, false));
  }

  @Test
  void an_unclassified_datastream_has_no_stored_policy() {
    long datastream = SensingFixtures.graph(sensing, "policy-none").datastream();

    assertThat(policies.find(datastream)).isEmpty();
    assertThat(policies.all()).noneMatch(p -> p.datastreamId() == datastream);
  }

  @Test
  void putting_again_replaces_the_policy_including_emptied_fields() {
    long datastream = SensingFixtures.graph(sensing, "policy-replace").datastream();
    policies.put(personal(datastream, false));

    DatastreamPolicy open =
        new DatastreamPolicy(
            datastream,
            DataClass.PUBLIC,
            Optional.empty(),
            Set.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            false,
            true);
    policies.put(open);

    assertThat(policies.find(datastream)).contains(open);
    assertThat(policies.all()).filteredOn(p -> p.datastreamId() == datastream).hasSize(1);
  }

  @Test
  void a_policy_for_a_missing_datastream_is_refused_naming_the_id() {
    assertThatThrownBy(() -> policies.put(personal(987_654_321L, false)))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("987654321")
        .satisfies(e -> assertThat(((NotFoundException) e).field()).contains("id"));
    assertThat(policies.find(987_654_321L)).isEmpty();
  }

  @Test
  void deleting_the_datastream_deletes_its_policy() {
    long datastream = SensingFixtures.graph(sensing, "policy-cascade").datastream();
    policies.put(personal(datastream, true));

    sensing.inTransaction(
        tx -> {
          tx.delete(EntityType.DATASTREAM, datastream);
          return null;
        });

    assertThat(policies.find(datastream)).isEmpty();
  }
}
