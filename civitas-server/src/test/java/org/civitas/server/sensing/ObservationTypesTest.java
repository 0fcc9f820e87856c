package org.civitas.server.sensing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.junit.jupiter.api.Test;

class ObservationTypesTest {

  private static final String OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/";

  private static void fits(String type, String result) {
    assertThatCode(() -> ObservationTypes.requireResultFits(OM + type, new Json(result), "result"))
        .doesNotThrowAnyException();
  }

  private static void misfits(String type, String result) {
    assertThatThrownBy(
            () -> ObservationTypes.requireResultFits(OM + type, new Json(result), "result"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(type);
  }

  @Test
  void a_measurement_is_any_number() {
    fits("OM_Measurement", "21.5");
    fits("OM_Measurement", "-2.5E3");
    misfits("OM_Measurement", "\"21.5\"");
    misfits("OM_Measurement", "true");
    misfits("OM_Measurement", "[1]");
  }

  @Test
  void a_count_is_an_integer() {
    fits("OM_CountObservation", "42");
    misfits("OM_CountObservation", "4.2");
    misfits("OM_CountObservation", "1e3");
  }

  @Test
  void truth_is_a_boolean_and_a_category_a_string() {
    fits("OM_TruthObservation", "false");
    misfits("OM_TruthObservation", "0");
    fits("OM_CategoryObservation", "\"https://example.org/sunny\"");
    misfits("OM_CategoryObservation", "{\"a\":1}");
  }

  @Test
  void a_generic_observation_takes_anything() {
    fits("OM_Observation", "{\"image\": \"https://example.org/1.jpg\"}");
    fits("OM_Observation", "null");
  }

  @Test
  void rejects_an_unknown_observation_type() {
    assertThatThrownBy(() -> ObservationTypes.requireSimple(OM + "OM_Guess", "observationType"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown observationType");
  }
}
