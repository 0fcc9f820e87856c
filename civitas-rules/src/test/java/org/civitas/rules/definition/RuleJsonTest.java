package org.civitas.rules.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civitas.error.InvalidInputException;
import org.civitas.rules.evaluation.RuleAction;
import org.civitas.server.http.JsonCodec;
import org.junit.jupiter.api.Test;

/** Reading and writing rules as JSON, and the paths that validation errors name. */
class RuleJsonTest {
  private static RuleDefinition read(String json) {
    return RuleJson.read(JsonCodec.readTree(json));
  }

  private static void refused(String json, String field) {
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo(java.util.Optional.of(field));
  }

  @Test
  void every_kind_reads_back_from_what_it_writes() {
    String[] conditions = {
      "{\"kind\":\"threshold\",\"op\":\"<=\",\"value\":1.5,\"hysteresis\":0.5}",
      "{\"kind\":\"rateOfChange\",\"max\":2,\"per\":\"PT10M\"}",
      "{\"kind\":\"absence\",\"duration\":\"PT30M\"}",
      "{\"kind\":\"windowedAggregate\",\"function\":\"max\",\"window\":\"PT1H\",\"op\":\">\","
          + "\"value\":3}",
      "{\"kind\":\"geofence\",\"route\":{\"type\":\"LineString\",\"coordinates\":[[9,52],[9.1,52]]},"
          + "\"distance\":25,\"alertWhen\":\"outside\"}",
    };
    for (String condition : conditions) {
      RuleDefinition rule =
          read(
              "{\"name\":\"n\",\"target\":{\"datastream\":3},\"condition\":"
                  + condition
                  + ",\"actions\":[{\"type\":\"createTask\",\"taskingCapability\":4,"
                  + "\"taskingParameters\":{\"position\":\"closed\"}}]}");
      assertThat(RuleJson.read(RuleJson.write(rule))).isEqualTo(rule);
    }
  }

  @Test
  void a_rate_per_minute_is_a_rate_per_one_minute() {
    RuleDefinition rule =
        read(
            "{\"name\":\"n\",\"target\":{\"datastream\":3},"
                + "\"condition\":{\"kind\":\"rateOfChange\",\"maxPerMinute\":0.5}}");
    assertThat(rule.condition())
        .isEqualTo(new Condition.RateOfChange(0.5, java.time.Duration.ofMinutes(1)));
    assertThat(rule.severity()).isEqualTo(org.civitas.rules.evaluation.Severity.MAJOR);
    assertThat(rule.enabled()).isTrue();
  }

  @Test
  void validation_errors_name_the_json_path_of_the_offending_member() {
    refused("{\"target\":{\"datastream\":3},\"condition\":{}}", "name");
    refused(
        "{\"name\":\"n\",\"condition\":{\"kind\":\"absence\",\"duration\":\"PT1M\"}}", "target");
    refused(
        "{\"name\":\"n\",\"target\":{\"filter\":\"nonsense eq\"},"
            + "\"condition\":{\"kind\":\"absence\",\"duration\":\"PT1M\"}}",
        "target.filter");
    refused(
        "{\"name\":\"n\",\"target\":{\"datastream\":3},"
            + "\"condition\":{\"kind\":\"absence\",\"duration\":\"soon\"}}",
        "condition.duration");
    refused(
        "{\"name\":\"n\",\"condition\":{\"kind\":\"combination\",\"logic\":\"AND\",\"parts\":["
            + "{\"name\":\"a\",\"datastream\":1,\"condition\":{\"kind\":\"threshold\",\"op\":\">\","
            + "\"value\":1}},{\"name\":\"b\",\"datastream\":2,\"condition\":"
            + "{\"kind\":\"threshold\",\"op\":\">\",\"value\":\"high\"}}]}}",
        "condition.parts[1].condition.value");
    refused(
        "{\"name\":\"n\",\"target\":{\"datastream\":3},\"condition\":{\"kind\":\"geofence\","
            + "\"polygon\":{\"type\":\"Polygon\",\"coordinates\":[[[9,52],[9.1,52],[9,52.1]]]}}}",
        "condition.polygon.coordinates[0]");
    refused(
        "{\"name\":\"n\",\"target\":{\"datastream\":3},"
            + "\"condition\":{\"kind\":\"absence\",\"duration\":\"PT1M\"},"
            + "\"actions\":[{\"type\":\"publicAlert\",\"event\":\"Flood\",\"urgency\":\"Now\"}]}",
        "actions[0].urgency");
  }

  @Test
  void a_public_alert_action_keeps_its_cap_values() {
    RuleDefinition rule =
        read(
            "{\"name\":\"n\",\"target\":{\"datastream\":3},"
                + "\"condition\":{\"kind\":\"absence\",\"duration\":\"PT1M\"},"
                + "\"actions\":[{\"type\":\"publicAlert\",\"event\":\"Flood\",\"urgency\":"
                + "\"Immediate\",\"severity\":\"Severe\",\"certainty\":\"Observed\","
                + "\"districts\":[\"Harbour\"],\"headline\":\"h\",\"instruction\":\"i\"}]}");
    assertThat(rule.actions())
        .containsExactly(
            new RuleAction.IssuePublicAlert(
                "Flood",
                "Immediate",
                "Severe",
                "Observed",
                java.util.List.of("Harbour"),
                "h",
                "i"));
  }
}
