package org.civitas.server.sensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.OrderBy;
import org.junit.jupiter.api.Test;

class ExpandParserTest {

  private static List<ExpandOption> parse(EntityType type, String text) {
    return ExpandParser.parse(type, text);
  }

  @Test
  void parses_comma_separated_navigation_properties_without_options() {
    List<ExpandOption> expand = parse(EntityType.THING, "Datastreams, Locations");

    assertThat(expand)
        .extracting(e -> e.navigation().name())
        .containsExactly("Datastreams", "Locations");
    assertThat(expand).allSatisfy(e -> assertThat(e.options()).isEqualTo(QueryOptions.NONE));
  }

  @Test
  void parses_a_path_as_nested_expansions() {
    List<ExpandOption> expand = parse(EntityType.THING, "Datastreams/ObservedProperty");

    assertThat(expand).hasSize(1);
    ExpandOption datastreams = expand.getFirst();
    assertThat(datastreams.navigation().name()).isEqualTo("Datastreams");
    assertThat(datastreams.options().expand())
        .extracting(e -> e.navigation().name())
        .containsExactly("ObservedProperty");
    assertThat(datastreams.optionsText()).isEqualTo("$expand=ObservedProperty");
  }

  @Test
  void parses_nested_options_separated_by_semicolons() {
    List<ExpandOption> expand =
        parse(
            EntityType.THING,
            "Datastreams($select=name;$orderby=name desc;$top=2;$count=true;"
                + "$expand=Observations($top=1;$orderby=phenomenonTime desc))");

    QueryOptions options = expand.getFirst().options();
    assertThat(options.select()).containsExactly("name");
    assertThat(options.orderBy()).containsExactly(new OrderBy("name", true));
    assertThat(options.top()).hasValue(2);
    assertThat(options.count()).isTrue();
    ExpandOption observations = options.expand().getFirst();
    assertThat(observations.navigation().name()).isEqualTo("Observations");
    assertThat(observations.options().top()).hasValue(1);
    assertThat(observations.options().orderBy())
        .containsExactly(new OrderBy("phenomenonTime", true));
  }

  @Test
  void merges_two_items_that_expand_the_same_navigation() {
    List<ExpandOption> expand =
        parse(EntityType.THING, "Datastreams($top=3),Datastreams/Sensor,Datastreams/Thing");

    assertThat(expand).hasSize(1);
    assertThat(expand.getFirst().options().top()).hasValue(3);
    assertThat(expand.getFirst().options().expand())
        .extracting(e -> e.navigation().name())
        .containsExactly("Sensor", "Thing");
  }

  @Test
  void keeps_separators_inside_quoted_strings() {
    assertThat(ExpandParser.topLevel("$select=name;$orderby=name", ';'))
        .containsExactly("$select=name", "$orderby=name");
    assertThat(ExpandParser.topLevel("a eq 'x;y(';b", ';')).containsExactly("a eq 'x;y('", "b");
  }

  @Test
  void rejects_an_unknown_navigation_property_naming_the_character() {
    assertThatThrownBy(() -> parse(EntityType.THING, "Datastreams/Colour"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("character 13")
        .hasMessageContaining("a Datastream has no navigation property 'Colour'")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValue("$expand"));
  }

  @Test
  void rejects_unbalanced_parentheses() {
    assertThatThrownBy(() -> parse(EntityType.THING, "Datastreams($top=1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not closed");
    assertThatThrownBy(() -> parse(EntityType.THING, "Datastreams)"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("without a matching");
  }

  @Test
  void rejects_invalid_options_inside_an_expansion_as_an_expand_error() {
    assertThatThrownBy(() -> parse(EntityType.THING, "Datastreams($top=-2)"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("$top must be a non-negative integer")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValue("$expand"));
    assertThatThrownBy(() -> parse(EntityType.THING, "Datastreams($select=colour)"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> parse(EntityType.THING, "Datastreams(top=1)"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("expected an option");
    assertThatThrownBy(() -> parse(EntityType.THING, "Datastreams($top=1;$top=2)"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("given twice");
  }

  @Test
  void rejects_an_empty_item() {
    assertThatThrownBy(() -> parse(EntityType.THING, "Datastreams,,Locations"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("expected a navigation property");
  }

  @Test
  void the_query_options_parser_accepts_expand_and_result_format() {
    QueryOptions options =
        QueryOptionsParser.parse(
            EntityType.OBSERVATION,
            java.util.Map.of(
                "$expand", List.of("Datastream"), "$resultFormat", List.of("dataArray")));

    assertThat(options.expand())
        .extracting(e -> e.navigation().name())
        .containsExactly("Datastream");
    assertThat(options.dataArray()).isTrue();
    assertThatThrownBy(
            () ->
                QueryOptionsParser.parse(
                    EntityType.THING, java.util.Map.of("$resultFormat", List.of("dataArray"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("applies to Observations");
    assertThatThrownBy(
            () ->
                QueryOptionsParser.parse(
                    EntityType.OBSERVATION, java.util.Map.of("$resultFormat", List.of("csv"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("supports only dataArray");
  }
}
