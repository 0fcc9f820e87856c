package org.civitas.rules.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.civitas.devices.store.Device;
import org.civitas.devices.store.Registration;
import org.civitas.rules.definition.RuleTarget;
import org.civitas.sensing.store.SensingStore;
import org.civitas.storage.SensingFixtures;
import org.civitas.storage.Storage;
import org.civitas.storage.StorageSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Targets resolve to the Datastreams they select, in the database. */
class TargetResolverTest {
  @TempDir Path dataDir;
  private SensingStore store;
  private TargetResolver resolver;
  private SensingFixtures.Graph harbour;
  private SensingFixtures.Graph mitte;

  @BeforeEach
  void open() {
    store = Storage.open(StorageSettings.embedded(dataDir));
    resolver = new TargetResolver(store, Storage.devices(store));
    harbour = SensingFixtures.graph(store, "harbour");
    mitte = SensingFixtures.graph(store, "mitte");
    register("gauge-1", harbour, "Harbour");
    register("gauge-2", mitte, "Mitte");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void register(String id, SensingFixtures.Graph graph, String district) {
    Storage.devices(store)
        .create(
            new Registration(
                Device.active(
                    id,
                    graph.thing(),
                    id,
                    null,
                    district,
                    null,
                    Map.of("level", graph.datastream()),
                    Duration.ofMinutes(15),
                    Instant.parse("2026-03-01T00:00:00Z")),
                id.equals("gauge-1") ? "1".repeat(64) : "2".repeat(64)));
  }

  @Test
  void a_filter_target_selects_the_datastreams_the_filter_matches() {
    assertThat(resolver.resolve(new RuleTarget.Filter("name eq 'harbour datastream'")))
        .containsExactly(harbour.datastream());
    assertThat(
            resolver.resolve(new RuleTarget.Filter("startswith(ObservedProperty/name, 'mitte')")))
        .containsExactly(mitte.datastream());
  }

  @Test
  void a_district_target_selects_the_property_s_datastreams_fed_by_devices_of_the_district() {
    assertThat(
            resolver.resolve(new RuleTarget.PropertyInDistrict("harbour temperature", "Harbour")))
        .containsExactly(harbour.datastream());
    assertThat(
            resolver.resolve(
                new RuleTarget.PropertyInDistrict(
                    Long.toString(harbour.observedProperty()), "Harbour")))
        .containsExactly(harbour.datastream());
    assertThat(resolver.resolve(new RuleTarget.PropertyInDistrict("harbour temperature", "Mitte")))
        .isEmpty();
  }
}
