package org.civitas.server.tasking;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.junit.jupiter.api.Test;

class TaskingParametersTest {

  private static final TaskingParameters SIGNAL =
      TaskingParameters.of(
          new Json(
              """
              {"type": "DataRecord", "field": [
                {"name": "plan", "type": "Text",
                 "constraint": {"type": "AllowedTokens", "pattern": "P[0-9]{2}"}},
                {"name": "cycles", "type": "Count",
                 "constraint": {"type": "AllowedValues", "value": [1, 2, 4]}},
                {"name": "flashing", "type": "Boolean"},
                {"name": "offset", "type": "Quantity", "optional": true,
                 "constraint": {"type": "AllowedValues", "interval": [[-10, -1], [1, 10]]}}]}"""),
          "taskingParameters");

  private static void assertRefused(String parameters, String field) {
    assertThatThrownBy(() -> SIGNAL.check(new Json(parameters), ""))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo(java.util.Optional.of(field));
  }

  @Test
  void accepts_parameters_that_fit_every_field_and_constraint() {
    assertThatCode(
            () ->
                SIGNAL.check(
                    new Json("{\"plan\": \"P07\", \"cycles\": 4.0, \"flashing\": false}"), ""))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                SIGNAL.check(
                    new Json(
                        "{\"plan\": \"P07\", \"cycles\": 1, \"flashing\": true, \"offset\": -3.5}"),
                    ""))
        .doesNotThrowAnyException();
  }

  @Test
  void rejects_a_text_that_does_not_match_the_pattern() {
    assertRefused(
        "{\"plan\": \"P7\", \"cycles\": 1, \"flashing\": true}", "taskingParameters/plan");
  }

  @Test
  void rejects_a_count_outside_the_allowed_values_or_not_whole() {
    assertRefused(
        "{\"plan\": \"P07\", \"cycles\": 3, \"flashing\": true}", "taskingParameters/cycles");
    assertRefused(
        "{\"plan\": \"P07\", \"cycles\": 1.5, \"flashing\": true}", "taskingParameters/cycles");
  }

  @Test
  void rejects_a_boolean_given_as_text() {
    assertRefused(
        "{\"plan\": \"P07\", \"cycles\": 1, \"flashing\": \"yes\"}", "taskingParameters/flashing");
  }

  @Test
  void rejects_a_quantity_between_the_allowed_intervals() {
    assertRefused(
        "{\"plan\": \"P07\", \"cycles\": 1, \"flashing\": true, \"offset\": 0}",
        "taskingParameters/offset");
  }

  @Test
  void a_record_without_fields_or_with_a_broken_constraint_is_not_a_capability() {
    assertThatThrownBy(
            () ->
                TaskingParameters.of(
                    new Json("{\"type\": \"DataRecord\", \"field\": []}"), "taskingParameters"))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () ->
                TaskingParameters.of(
                    new Json(
                        "{\"type\": \"DataRecord\", \"field\": [{\"name\": \"a\", \"type\":"
                            + " \"Quantity\", \"constraint\": {\"interval\": [[0]]}}]}"),
                    "taskingParameters"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo(java.util.Optional.of("taskingParameters/a"));
  }
}
