package org.civitas.devices.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.junit.jupiter.api.Test;

class ByteLayoutCodecTest {

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }

  private static ByteLayoutCodec layout(String fields) {
    return ByteLayoutCodec.fromSpec(new Json("{\"fields\":[" + fields + "]}"));
  }

  private static InvalidInputException specError(String fields) {
    try {
      layout(fields);
    } catch (InvalidInputException e) {
      return e;
    }
    throw new AssertionError("the layout was accepted: " + fields);
  }

  @Test
  void a_waste_bin_layout_decodes_fill_lid_and_state() {
    ByteLayoutCodec codec =
        layout(
            """
            {"name":"fill","offset":0,"type":"uint16be","scale":0.1,"add":0,"unit":"%"},
            {"name":"lid_open","offset":2,"type":"bits","bit":0,"length":1,"bool":true},
            {"name":"tilt","offset":2,"type":"bits","bit":4,"length":3},
            {"name":"state","offset":3,"type":"uint8","enum":{"0":"ok","1":"jammed","2":"fire"}},
            {"name":"temperature","offset":4,"type":"int16le","scale":0.01,"unit":"Cel"}
            """);
    // fill 0x0307 = 775 → 77.5 %; byte 2 = 0b0101_0001: bit 0 set, bits 4-6 = 0b101 = 5;
    // temperature little-endian 0xFF38 = -200 → -2.0 °C
    assertThat(codec.decode(hex("03 07 51 02 38 FF")))
        .containsExactly(
            new Reading("fill", 77.5, "%"),
            new Reading("lid_open", true, null),
            new Reading("tilt", 5L, null),
            new Reading("state", "fire", null),
            new Reading("temperature", -2.0, "Cel"));
    assertThat(codec.minimumLength()).isEqualTo(6);
  }

  @Test
  void every_integer_width_and_byte_order_with_its_signedness() {
    ByteLayoutCodec codec =
        layout(
            """
            {"name":"i8","offset":0,"type":"int8"},
            {"name":"u8","offset":0,"type":"uint8"},
            {"name":"i16be","offset":1,"type":"int16be"},
            {"name":"u16be","offset":1,"type":"uint16be"},
            {"name":"i16le","offset":1,"type":"int16le"},
            {"name":"u16le","offset":1,"type":"uint16le"},
            {"name":"i24","offset":3,"type":"int24"},
            {"name":"u24","offset":3,"type":"uint24"},
            {"name":"i24le","offset":3,"type":"int24le"},
            {"name":"u24le","offset":3,"type":"uint24le"},
            {"name":"i32be","offset":6,"type":"int32be"},
            {"name":"u32be","offset":6,"type":"uint32be"},
            {"name":"i32le","offset":6,"type":"int32le"},
            {"name":"u32le","offset":6,"type":"uint32le"},
            {"name":"flag","offset":10,"type":"bool"}
            """);
    assertThat(codec.decode(hex("FE  FF 01  FF FF 01  FF FF FF FE  02")))
        .extracting(Reading::value)
        .containsExactly(
            -2L,
            254L, // 0xFE
            -255L,
            65281L, // 0xFF01 big-endian
            511L,
            511L, // 0x01FF little-endian
            -255L,
            16_776_961L, // 0xFFFF01
            0x01FFFFL,
            0x01FFFFL, // little-endian 0x01FFFF is positive
            -2L,
            4_294_967_294L, // 0xFFFFFFFE
            -16_777_217L,
            4_278_190_079L, // little-endian 0xFEFFFFFF
            true);
  }

  @Test
  void floats_in_both_byte_orders_keep_their_short_decimal_form() {
    // 21.3f = 0x41AA6666
    ByteLayoutCodec codec =
        layout(
            """
            {"name":"be","offset":0,"type":"float32be","unit":"Cel"},
            {"name":"le","offset":4,"type":"float32le","scale":2,"add":-1}
            """);
    assertThat(codec.decode(hex("41 AA 66 66  66 66 AA 41")))
        .containsExactly(new Reading("be", 21.3, "Cel"), new Reading("le", 41.6, null));
    assertThatThrownBy(() -> codec.decode(hex("7F C0 00 00 00 00 00 00")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("\"be\" at byte offset 0 is NaN");
  }

  @Test
  void a_scaled_value_is_exact_in_decimal() {
    ByteLayoutCodec codec =
        layout("{\"name\":\"v\",\"offset\":0,\"type\":\"uint8\",\"scale\":0.1,\"add\":0.2}");
    // 3 × 0.1 + 0.2 is 0.5 exactly, not 0.5000000000000001
    assertThat(codec.decode(hex("03"))).containsExactly(new Reading("v", 0.5, null));
  }

  @Test
  void a_short_payload_is_refused_naming_the_field_and_its_offset() {
    ByteLayoutCodec codec =
        layout(
            "{\"name\":\"fill\",\"offset\":0,\"type\":\"uint8\"},"
                + "{\"name\":\"battery\",\"offset\":1,\"type\":\"uint16be\"}");
    assertThatThrownBy(() -> codec.decode(hex("10 0C")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("field \"battery\"")
        .hasMessageContaining("2 bytes at byte offset 1, the payload has 2 bytes")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("payload"));
  }

  @Test
  void a_value_missing_from_the_enum_is_refused() {
    ByteLayoutCodec codec =
        layout(
            "{\"name\":\"state\",\"offset\":0,\"type\":\"uint8\",\"enum\":{\"0\":\"ok\",\"1\":\"full\"}}");
    assertThat(codec.decode(hex("01"))).containsExactly(new Reading("state", "full", null));
    assertThatThrownBy(() -> codec.decode(hex("07")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("value 7, which its enum does not list (0, 1)");
  }

  @Test
  void every_problem_of_a_layout_is_reported_at_once_with_its_json_path() {
    InvalidInputException e =
        specError(
            """
            {"name":"a","offset":0,"type":"uint8"},
            {"name":"a","offset":1,"type":"uint8"},
            {"name":"c","offset":-1,"type":"int17"},
            {"name":"d","offset":0,"type":"uint8","scael":2}
            """);
    assertThat(e.field()).contains("codec.fields[1].name");
    assertThat(e.getMessage())
        .contains("4 problems")
        .contains("fields[1].name: the name \"a\" is used twice")
        .contains("fields[2].offset: expected a non-negative integer, found number -1")
        .contains("fields[2].type: expected one of int8, uint8")
        .contains("found \"int17\"")
        .contains("fields[3].scael: unknown property");
  }

  @Test
  void bits_must_fit_in_one_byte_and_only_one_bit_is_a_boolean() {
    assertThat(
            specError("{\"name\":\"b\",\"offset\":0,\"type\":\"bits\",\"bit\":6,\"length\":3}")
                .getMessage())
        .contains("fields[0].length: bits 6 to 8 do not fit in one byte");
    assertThat(specError("{\"name\":\"b\",\"offset\":0,\"type\":\"bits\",\"bit\":8}").field())
        .contains("codec.fields[0].bit");
    assertThat(
            specError(
                    "{\"name\":\"b\",\"offset\":0,\"type\":\"bits\",\"bit\":0,\"length\":2,\"bool\":true}")
                .getMessage())
        .contains("fields[0].bool: only a single bit");
    assertThat(specError("{\"name\":\"b\",\"offset\":0,\"type\":\"uint8\",\"bit\":1}").getMessage())
        .contains("fields[0].bit: only a field of type bits has bit");
  }

  @Test
  void conversions_units_and_enums_must_fit_the_type() {
    assertThat(
            specError("{\"name\":\"b\",\"offset\":0,\"type\":\"bool\",\"scale\":2,\"unit\":\"%\"}")
                .getMessage())
        .contains("fields[0].scale: a boolean field cannot be scaled")
        .contains("fields[0].unit: a boolean field has no unit");
    assertThat(
            specError("{\"name\":\"f\",\"offset\":0,\"type\":\"float32be\",\"enum\":{\"1\":\"x\"}}")
                .getMessage())
        .contains("fields[0].enum: only an integer or bits field can have an enum");
    assertThat(
            specError("{\"name\":\"e\",\"offset\":0,\"type\":\"uint8\",\"enum\":{\"one\":\"x\"}}")
                .field())
        .contains("codec.fields[0].enum.one");
    assertThat(
            specError("{\"name\":\"s\",\"offset\":0,\"type\":\"uint8\",\"scale\":0}").getMessage())
        .contains("fields[0].scale: must not be 0");
    assertThat(
            specError("{\"name\":\" \",\"offset\":0,\"type\":\"uint8\",\"scale\":\"2\"}")
                .getMessage())
        .contains("fields[0].name: expected a non-blank string")
        .contains("fields[0].scale: expected a number, found string \"2\"");
  }

  @Test
  void a_layout_without_fields_or_not_json_is_refused() {
    assertThatThrownBy(() -> ByteLayoutCodec.fromSpec(new Json("{\"fields\":[]}")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("at least one field");
    assertThatThrownBy(() -> ByteLayoutCodec.fromSpec(new Json("{\"kind\":\"bytes\"}")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("codec.fields"));
    assertThatThrownBy(() -> ByteLayoutCodec.fromSpec(new Json("{\"fields\":")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void properties_beside_fields_are_left_to_the_profile() {
    ByteLayoutCodec codec =
        ByteLayoutCodec.fromSpec(
            new Json(
                "{\"kind\":\"byte-layout\",\"fields\":[{\"name\":\"n\",\"offset\":1,\"type\":\"uint8\"}]}"));
    assertThat(codec.decode(hex("00 2A"))).containsExactly(new Reading("n", 42L, null));
  }
}
