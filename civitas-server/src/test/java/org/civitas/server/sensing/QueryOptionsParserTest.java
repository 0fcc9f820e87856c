package org.civitas.server.sensing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.EntityType;
import org.civitas.sensing.query.OrderBy;
import org.junit.jupiter.api.Test;

class QueryOptionsParserTest {

  private static QueryOptions parse(Map<String, List<String>> parameters) {
    return QueryOptionsParser.parse(EntityType.OBSERVATION, parameters);
  }

  @Test
  void has_no_options_when_none_are_given() {
    QueryOptions options = parse(Map.of("unrelated", List.of("x")));

    assertThat(options).isEqualTo(QueryOptions.NONE);
    assertThat(options.effectiveTop(100, 1000)).isEqualTo(100);
  }

  @Test
  void parses_top_skip_and_count() {
    QueryOptions options =
        parse(Map.of("$top", List.of("5"), "$skip", List.of("10"), "$count", List.of("true")));

    assertThat(options.top()).hasValue(5);
    assertThat(options.skip()).isEqualTo(10);
    assertThat(options.count()).isTrue();
  }

  @Test
  void caps_top_at_the_maximum() {
    assertThat(parse(Map.of("$top", List.of("50000"))).effectiveTop(100, 1000)).isEqualTo(1000);
  }

  @Test
  void parses_several_orderby_terms_with_directions() {
    QueryOptions options = parse(Map.of("$orderby", List.of("phenomenonTime desc, @iot.id")));

    assertThat(options.orderBy())
        .containsExactly(new OrderBy("phenomenonTime", true), new OrderBy("id", false));
  }

  @Test
  void parses_select_of_properties_id_and_navigations() {
    QueryOptions options = parse(Map.of("$select", List.of("result,id,Datastream")));

    assertThat(options.select()).containsExactlyInAnyOrder("result", "id", "Datastream");
    assertThat(options.selects("result")).isTrue();
    assertThat(options.selects("phenomenonTime")).isFalse();
  }

  @Test
  void rejects_a_negative_or_unreadable_top_naming_the_option() {
    assertThatThrownBy(() -> parse(Map.of("$top", List.of("-1"))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValue("$top"));
    assertThatThrownBy(() -> parse(Map.of("$skip", List.of("many"))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValue("$skip"));
  }

  @Test
  void rejects_count_that_is_not_a_boolean() {
    assertThatThrownBy(() -> parse(Map.of("$count", List.of("yes"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("true or false");
  }

  @Test
  void rejects_orderby_of_an_unknown_property_or_direction() {
    assertThatThrownBy(() -> parse(Map.of("$orderby", List.of("colour"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> parse(Map.of("$orderby", List.of("result sideways"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("asc or desc");
  }

  @Test
  void rejects_select_of_an_unknown_name() {
    assertThatThrownBy(() -> parse(Map.of("$select", List.of("result,colour"))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValue("$select"));
  }

  @Test
  void rejects_unknown_options() {
    assertThatThrownBy(() -> parse(Map.of("$frobnicate", List.of("1"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown query option $frobnicate");
  }

  @Test
  void parses_a_filter_against_the_entity_type_and_names_the_column_of_an_error() {
    assertThat(parse(Map.of("$filter", List.of("result gt 1"))).filter()).isPresent();
    assertThatThrownBy(() -> parse(Map.of("$filter", List.of("result gt"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("at column 10:")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).hasValue("$filter"));
  }

  @Test
  void rejects_an_option_given_twice() {
    assertThatThrownBy(() -> parse(Map.of("$top", List.of("1", "2"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("only once");
  }
}
