package org.civitas.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.civitas.city.District;
import org.civitas.city.DistrictStore;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.civitas.sensing.store.SensingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The city's districts ({@link DistrictStore}, migration V7), run once per engine by a subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DistrictStoreContract {
  private static final Json SQUARE =
      new Json("{\"type\":\"Polygon\",\"coordinates\":[[[9,52],[9.1,52],[9.1,52.1],[9,52]]]}");

  protected SensingStore sensing;
  protected DistrictStore districts;

  /** How to reach a fresh, empty database of this engine; called once per class. */
  protected abstract StorageSettings settings();

  /** Called after the store is closed, to drop what {@link #settings()} created. */
  protected void afterStoreClosed() {}

  @BeforeAll
  void openStore() {
    sensing = Storage.open(settings());
    districts = Storage.districts(sensing);
  }

  @AfterAll
  void closeStore() {
    if (sensing != null) {
      sensing.close();
    }
    afterStoreClosed();
  }

  @BeforeEach
  void emptyCity() {
    districts.replaceAll(List.of());
  }

  private static District district(String name, String properties) {
    return new District(name, SQUARE, new Json(properties));
  }

  @Test
  void districts_are_listed_in_the_order_they_were_given_with_their_geometry_and_properties() {
    districts.replaceAll(
        List.of(
            district("Old Town", "{\"population\":41000}"),
            district("Harbour", "{\"population\":3100,\"deprivationIndex\":0.71}"),
            district("Eastfield", "{}")));

    assertThat(districts.list())
        .extracting(District::name)
        .containsExactly("Old Town", "Harbour", "Eastfield");
    assertThat(districts.find("Harbour"))
        .contains(district("Harbour", "{\"population\":3100,\"deprivationIndex\":0.71}"));
  }

  @Test
  void replacing_the_districts_drops_those_not_given_again() {
    districts.replaceAll(List.of(district("Old Town", "{}"), district("Harbour", "{}")));

    districts.replaceAll(List.of(district("Harbour", "{\"population\":1}")));

    assertThat(districts.list()).containsExactly(district("Harbour", "{\"population\":1}"));
    assertThat(districts.find("Old Town")).isEmpty();
  }

  @Test
  void a_name_given_twice_is_refused_naming_the_second_and_changes_nothing() {
    districts.replaceAll(List.of(district("Old Town", "{}")));

    assertThatThrownBy(
            () ->
                districts.replaceAll(
                    List.of(
                        district("Harbour", "{}"),
                        district("Riverside", "{}"),
                        district("Harbour", "{}"))))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.field()).contains("features[2].properties.name"));
    assertThat(districts.list()).extracting(District::name).containsExactly("Old Town");
  }

  @Test
  void names_are_exact_and_an_unknown_one_is_not_found() {
    districts.replaceAll(List.of(district("Old Town", "{}")));

    assertThat(districts.find("old town")).isEmpty();
    assertThat(districts.find("Nowhere")).isEmpty();
  }
}
