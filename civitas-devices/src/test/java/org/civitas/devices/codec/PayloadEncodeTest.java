package org.civitas.devices.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.junit.jupiter.api.Test;

/** Encoding downlinks: the byte layout's and Cayenne LPP's inverse of their decoding. */
class PayloadEncodeTest {

  private static final String BIN_LAYOUT =
      """
      {"fields": [
        {"name": "fill", "offset": 0, "type": "uint16be", "scale": 0.1, "unit": "%"},
        {"name": "lid_open", "offset": 2, "type": "bits", "bit": 0, "length": 1, "bool": true},
        {"name": "tilt", "offset": 2, "type": "bits", "bit": 4, "length": 3},
        {"name": "state", "offset": 3, "type": "uint8", "enum": {"0": "ok", "1": "jammed", "2": "fire"}},
        {"name": "temperature", "offset": 4, "type": "int16le", "scale": 0.01, "unit": "Cel"}]}""";

  private static final ByteLayoutCodec BIN = ByteLayoutCodec.fromSpec(new Json(BIN_LAYOUT));

  private static Map<String, Object> values(Object... pairs) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      values.put((String) pairs[i], pairs[i + 1]);
    }
    return values;
  }

  @Test
  void a_byte_layout_encodes_the_bytes_its_documented_example_decodes_from() {
    byte[] payload =
        BIN.encode(
            values(
                "fill", 77.5, "lid_open", true, "tilt", 5, "state", "fire", "temperature", -2.0));

    assertThat(HexFormat.of().formatHex(payload)).isEqualTo("030751 02 38ff".replace(" ", ""));
    assertThat(BIN.decode(payload))
        .containsExactly(
            new Reading("fill", 77.5, "%"),
            new Reading("lid_open", true, null),
            new Reading("tilt", 5L, null),
            new Reading("state", "fire", null),
            new Reading("temperature", -2.0, "Cel"));
  }

  @Test
  void floats_and_offsets_with_add_round_trip() {
    ByteLayoutCodec layout =
        ByteLayoutCodec.fromSpec(
            new Json(
                """
                {"fields": [
                  {"name": "level", "offset": 1, "type": "float32le"},
                  {"name": "temp", "offset": 5, "type": "int8", "add": -40},
                  {"name": "on", "offset": 6, "type": "bool"}]}"""));

    byte[] payload =
        layout.encode(values("level", 21.3, "temp", new BigDecimal("-10"), "on", false));

    assertThat(payload).hasSize(7);
    assertThat(payload[0]).isZero();
    assertThat(layout.decode(payload))
        .containsExactly(
            new Reading("level", 21.3, null),
            new Reading("temp", -10.0, null),
            new Reading("on", false, null));
  }

  @Test
  void a_missing_unknown_or_unfitting_value_is_refused_naming_it() {
    Map<String, Object> complete =
        values("fill", 77.5, "lid_open", true, "tilt", 5, "state", "ok", "temperature", 20);

    Map<String, Object> missing = new LinkedHashMap<>(complete);
    missing.remove("tilt");
    assertRefused(() -> BIN.encode(missing), "tilt", "needed");
    Map<String, Object> unknown = new LinkedHashMap<>(complete);
    unknown.put("flil", 3);
    assertRefused(() -> BIN.encode(unknown), "flil", "no field");
    assertRefused(() -> BIN.encode(with(complete, "fill", 77.55)), "fill", "multiple");
    assertRefused(() -> BIN.encode(with(complete, "fill", 7000)), "fill", "0 to 65535");
    assertRefused(() -> BIN.encode(with(complete, "tilt", 8)), "tilt", "0 to 7");
    assertRefused(() -> BIN.encode(with(complete, "state", "burning")), "state", "fire");
    assertRefused(() -> BIN.encode(with(complete, "lid_open", "yes")), "lid_open", "true or false");
    assertRefused(() -> BIN.encode(with(complete, "temperature", "warm")), "temperature", "number");
  }

  @Test
  void cayenne_lpp_encodes_digital_and_analog_outputs_and_refuses_anything_else() {
    CayenneLppCodec lpp = new CayenneLppCodec();

    byte[] payload = lpp.encode(values("digital_output_1", true, "analog_output_2", -1.5));

    assertThat(HexFormat.of().formatHex(payload)).isEqualTo("010101" + "0203ff6a");
    assertThat(lpp.decode(payload))
        .containsExactly(
            new Reading("digital_output_1", 1L, null), new Reading("analog_output_2", -1.5, null));
    assertRefused(() -> lpp.encode(values("temperature_3", 20)), "temperature_3", "only");
    assertRefused(() -> lpp.encode(values("digital_output_1", 256)), "digital_output_1", "255");
    assertRefused(() -> lpp.encode(values("analog_output_1", 0.001)), "analog_output_1", "0.01");
    assertRefused(() -> lpp.encode(values("analog_output_999", 1)), "analog_output_999", "channel");
  }

  @Test
  void a_json_profile_sends_the_values_as_a_json_object() {
    byte[] payload = Codecs.encode(null, values("state", "on", "brightness", 40));

    assertThat(new String(payload, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"state\":\"on\",\"brightness\":40}");
    assertThat(
            Codecs.encode(
                new DeviceProfile("lpp", "cayenne-lpp", null), values("digital_output_0", 0)))
        .containsExactly(0, 1, 0);
  }

  private static Map<String, Object> with(Map<String, Object> values, String name, Object value) {
    Map<String, Object> changed = new LinkedHashMap<>(values);
    changed.put(name, value);
    return changed;
  }

  private static void assertRefused(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable encode, String field, String says) {
    assertThatThrownBy(encode)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(says)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains(field));
  }
}
