package org.civitas.server.sensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;
import org.civitas.error.NotFoundException;
import org.civitas.sensing.model.EntityType;
import org.junit.jupiter.api.Test;

class ResourcePathParserTest {

  @Test
  void parses_an_entity_set() {
    ResourcePath path = ResourcePathParser.parse("Things");

    assertThat(path.steps())
        .containsExactly(new PathStep(EntityType.THING, Optional.empty(), OptionalLong.empty()));
    assertThat(path.addressesCollection()).isTrue();
  }

  @Test
  void parses_one_entity_by_id() {
    ResourcePath path = ResourcePathParser.parse("Things(42)");

    assertThat(path.last().id()).hasValue(42);
    assertThat(path.addressesEntity()).isTrue();
  }

  @Test
  void follows_navigation_properties_to_many_and_to_one() {
    ResourcePath path = ResourcePathParser.parse("Things(1)/Datastreams(2)/Observations");

    assertThat(path.steps()).hasSize(3);
    assertThat(path.steps().get(1).via()).isEqualTo(EntityType.THING.navigation("Datastreams"));
    assertThat(path.last().type()).isEqualTo(EntityType.OBSERVATION);
    assertThat(path.addressesCollection()).isTrue();

    ResourcePath toOne = ResourcePathParser.parse("Datastreams(1)/Thing");
    assertThat(toOne.last().type()).isEqualTo(EntityType.THING);
    assertThat(toOne.addressesEntity()).isTrue();
  }

  @Test
  void parses_a_property_and_its_raw_value() {
    ResourcePath path = ResourcePathParser.parse("Things(1)/name/$value");

    assertThat(path.property()).isEqualTo(EntityType.THING.property("name"));
    assertThat(path.rawValue()).isTrue();
    assertThat(path.addressesEntity()).isFalse();
  }

  @Test
  void parses_ref_of_a_collection() {
    ResourcePath path = ResourcePathParser.parse("Things(1)/Locations/$ref");

    assertThat(path.ref()).isTrue();
    assertThat(path.last().type()).isEqualTo(EntityType.LOCATION);
  }

  @Test
  void ignores_a_trailing_slash() {
    assertThat(ResourcePathParser.parse("Things(1)/").addressesEntity()).isTrue();
  }

  @Test
  void rejects_an_unknown_entity_set() {
    assertThatThrownBy(() -> ResourcePathParser.parse("Gadgets"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Gadgets");
  }

  @Test
  void rejects_an_unknown_navigation_or_property() {
    assertThatThrownBy(() -> ResourcePathParser.parse("Things(1)/Sensors"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("Sensors");
  }

  @Test
  void rejects_navigating_from_a_collection() {
    assertThatThrownBy(() -> ResourcePathParser.parse("Things/Datastreams"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("collection");
  }

  @Test
  void rejects_an_id_on_a_to_one_navigation() {
    assertThatThrownBy(() -> ResourcePathParser.parse("Datastreams(1)/Thing(2)"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("takes no id");
  }

  @Test
  void rejects_ids_that_are_not_positive_integers() {
    assertThatThrownBy(() -> ResourcePathParser.parse("Things('abc')"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'abc'");
    assertThatThrownBy(() -> ResourcePathParser.parse("Things(0)"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void rejects_segments_after_value_or_ref() {
    assertThatThrownBy(() -> ResourcePathParser.parse("Things(1)/name/$value/more"))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ResourcePathParser.parse("Things/$ref/Datastreams"))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void rejects_value_without_a_property() {
    assertThatThrownBy(() -> ResourcePathParser.parse("Things(1)/$value"))
        .isInstanceOf(NotFoundException.class);
  }
}
