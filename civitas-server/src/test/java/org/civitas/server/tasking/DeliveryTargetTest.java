package org.civitas.server.tasking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.junit.jupiter.api.Test;

class DeliveryTargetTest {

  private static DeliveryTarget of(String delivery) {
    return DeliveryTarget.of(new Json("{\"delivery\": " + delivery + "}"), "").orElseThrow();
  }

  @Test
  void a_lorawan_delivery_names_the_device_and_port_and_may_ask_for_confirmation() {
    assertThat(of("{\"lorawan\": {\"device\": \"lamp-7\", \"fPort\": 10}}"))
        .isEqualTo(new DeliveryTarget.Lorawan("lamp-7", 10, false, null));
    DeliveryTarget confirmed =
        of(
            "{\"lorawan\": {\"device\": \"lamp-7\", \"fPort\": 223, \"confirmed\": true,"
                + " \"network\": \"tts\"}}");
    assertThat(confirmed).isEqualTo(new DeliveryTarget.Lorawan("lamp-7", 223, true, "tts"));
    assertThat(confirmed.channel()).isEqualTo("lorawan");
  }

  @Test
  void a_bad_lorawan_delivery_is_refused_naming_the_member() {
    assertRefused("{\"lorawan\": {\"fPort\": 10}}", "properties/delivery/lorawan/device");
    assertRefused(
        "{\"lorawan\": {\"device\": \"d\", \"fPort\": 0}}", "properties/delivery/lorawan/fPort");
    assertRefused(
        "{\"lorawan\": {\"device\": \"d\", \"fPort\": 224}}", "properties/delivery/lorawan/fPort");
    assertRefused(
        "{\"lorawan\": {\"device\": \"d\", \"fPort\": 1, \"confirmed\": \"yes\"}}",
        "properties/delivery/lorawan/confirmed");
    assertRefused(
        "{\"lorawan\": {\"device\": \"d\", \"fPort\": 1, \"network\": \"helium\"}}",
        "properties/delivery/lorawan/network");
    assertRefused(
        "{\"lorawan\": {\"device\": \"d\", \"fport\": 1}}", "properties/delivery/lorawan/fport");
    assertRefused("{\"lorawan\": \"lamp-7\"}", "properties/delivery/lorawan");
  }

  private static void assertRefused(String delivery, String field) {
    assertThatThrownBy(() -> of(delivery))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).contains(field));
  }
}
