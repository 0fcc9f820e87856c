package org.civitas.devices.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.civitas.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * Byte vectors computed by hand from the Cayenne LPP table (size, resolution and signedness per
 * type), e.g. 27.2 °C = 272 tenths = 0x0110.
 */
class CayenneLppCodecTest {

  private final CayenneLppCodec codec = new CayenneLppCodec();

  private static byte[] hex(String text) {
    return HexFormat.of().parseHex(text.replace(" ", ""));
  }

  private Reading only(String hex) {
    List<Reading> readings = codec.decode(hex(hex));
    assertThat(readings).hasSize(1);
    return readings.get(0);
  }

  @Test
  void a_temperature_is_signed_tenths_of_a_degree_celsius_named_by_its_channel() {
    assertThat(only("03 67 01 10")).isEqualTo(new Reading("temperature_3", 27.2, "Cel"));
    assertThat(only("01 67 FF D7")).isEqualTo(new Reading("temperature_1", -4.1, "Cel"));
  }

  @Test
  void humidity_is_unsigned_half_percent_steps() {
    assertThat(only("05 68 61")).isEqualTo(new Reading("humidity_5", 48.5, "%"));
    assertThat(only("05 68 FF")).isEqualTo(new Reading("humidity_5", 127.5, "%"));
  }

  @Test
  void illuminance_is_unsigned_lux() {
    assertThat(only("02 65 FF FF")).isEqualTo(new Reading("illuminance_2", 65535L, "lx"));
  }

  @Test
  void the_barometer_is_unsigned_tenths_of_a_hectopascal() {
    assertThat(only("07 73 27 9D")).isEqualTo(new Reading("barometer_7", 1014.1, "hPa"));
  }

  @Test
  void digital_and_analog_channels_and_presence() {
    assertThat(
            codec.decode(hex("01 00 FF  02 01 00  04 02 80 00  05 03 01 F4  06 66 01  07 66 00")))
        .containsExactly(
            new Reading("digital_input_1", 255L, null),
            new Reading("digital_output_2", 0L, null),
            new Reading("analog_input_4", -327.68, null),
            new Reading("analog_output_5", 5.0, null),
            new Reading("presence_6", true, null),
            new Reading("presence_7", false, null));
  }

  @Test
  void the_accelerometer_and_gyrometer_give_signed_axes() {
    assertThat(only("06 71 04 D2 FB 2E 00 00"))
        .isEqualTo(
            new Reading("accelerometer_6", Map.of("x", 1.234, "y", -1.234, "z", 0.0), "[g]"));
    assertThat(only("08 86 00 64 FF 9C 27 10"))
        .isEqualTo(new Reading("gyrometer_8", Map.of("x", 1.0, "y", -1.0, "z", 100.0), "deg/s"));
  }

  @Test
  void a_gps_fix_is_a_map_of_latitude_longitude_and_altitude() {
    // 42.3519° = 423519 = 0x06765F, -87.9094° = -879094 = 0xF2960A (24-bit), 10 m = 1000 cm
    Reading gps = only("01 88 06 76 5F F2 96 0A 00 03 E8");
    assertThat(gps.field()).isEqualTo("gps_1");
    assertThat(gps.unit()).isNull();
    assertThat(gps.value())
        .isEqualTo(Map.of("latitude", 42.3519, "longitude", -87.9094, "altitude", 10.0));
    assertThat(List.copyOf(((Map<?, ?>) gps.value()).keySet()))
        .isEqualTo(List.of("latitude", "longitude", "altitude"));
  }

  @Test
  void the_extended_types_have_their_resolution_and_ucum_unit() {
    byte[] payload =
        hex(
            "09 74 01 5E"
                + "0A 75 FF FF"
                + "0B 76 33 BE 27 A0"
                + "0C 78 64"
                + "0D 79 FF 38"
                + "0E 7D 01 90"
                + "0F 80 09 C4"
                + "10 82 00 00 30 39"
                + "11 83 00 01 86 A0"
                + "12 84 01 0E"
                + "13 64 FF FF FF FF");
    assertThat(codec.decode(payload))
        .containsExactly(
            new Reading("voltage_9", 3.5, "V"),
            new Reading("current_10", 65.535, "A"),
            new Reading("frequency_11", 868_100_000L, "Hz"),
            new Reading("percentage_12", 100L, "%"),
            new Reading("altitude_13", -200L, "m"),
            new Reading("concentration_14", 400L, "[ppm]"),
            new Reading("power_15", 2500L, "W"),
            new Reading("distance_16", 12.345, "m"),
            new Reading("energy_17", 100_000L, "W.h"),
            new Reading("direction_18", 270L, "deg"),
            new Reading("generic_sensor_19", 4_294_967_295L, null));
  }

  @Test
  void unix_time_colour_and_switch() {
    assertThat(codec.decode(hex("01 85 65 53 F1 00  02 87 FF 80 00  03 8E 01  04 8E 00")))
        .containsExactly(
            new Reading("unix_time_1", "2023-11-14T22:13:20Z", null),
            new Reading("colour_2", "#ff8000", null),
            new Reading("switch_3", true, null),
            new Reading("switch_4", false, null));
  }

  @Test
  void an_empty_payload_has_no_readings() {
    assertThat(codec.decode(new byte[0])).isEmpty();
  }

  @Test
  void an_unknown_type_is_refused_naming_its_byte_offset() {
    assertThatThrownBy(() -> codec.decode(hex("03 67 01 10 04 05 00")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown data type 5 (0x05) at byte offset 5")
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("payload"));
  }

  @Test
  void truncated_data_is_refused_naming_its_byte_offset() {
    assertThatThrownBy(() -> codec.decode(hex("03 67 01 10 01 88 06 76")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("truncated at byte offset 6")
        .hasMessageContaining("gps on channel 1 needs 9 bytes, 2 left");
    assertThatThrownBy(() -> codec.decode(hex("03 67 01 10 05")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("truncated at byte offset 4");
  }
}
