package org.civitas.devices.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.civitas.devices.store.DeviceProfile;
import org.civitas.error.CivitasException;
import org.civitas.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class JsonFieldsCodecTest {

  private static List<Reading> decode(String json) {
    return JsonFieldsCodec.INSTANCE.decode(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String fieldOf(Throwable e) {
    return ((CivitasException) e).field().orElseThrow();
  }

  @Test
  void a_flat_object_gives_one_reading_per_field_in_order_as_exact_decimals() {
    assertThat(decode("{\"fill\":73.5,\"temperature\":21.2,\"open\":true,\"state\":\"ok\"}"))
        .containsExactly(
            new Reading("fill", new BigDecimal("73.5"), null),
            new Reading("temperature", new BigDecimal("21.2"), null),
            new Reading("open", true, null),
            new Reading("state", "ok", null));
  }

  @Test
  void the_envelope_gives_the_measurement_time_to_every_reading() {
    Instant t = Instant.parse("2026-12-01T10:00:00Z");
    assertThat(decode("{\"t\":\"2026-12-01T11:00:00+01:00\",\"v\":{\"fill\":73.5,\"n\":2}}"))
        .containsExactly(
            new Reading("fill", new BigDecimal("73.5"), null, t), new Reading("n", 2, null, t));
  }

  @Test
  void a_value_may_carry_its_unit_and_a_composite_value_reads_as_a_map() {
    assertThat(decode("{\"temperature\":{\"v\":21.2,\"u\":\"Cel\"},\"gps\":{\"latitude\":49}}"))
        .containsExactly(
            new Reading("temperature", new BigDecimal("21.2"), "Cel"),
            new Reading("gps", Map.of("latitude", 49), null));
  }

  @Test
  void what_is_not_the_format_is_refused_naming_the_payload_part() {
    assertThatThrownBy(() -> decode("not json"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(JsonFieldsCodecTest::fieldOf)
        .isEqualTo("payload");
    assertThatThrownBy(() -> decode("{}"))
        .extracting(JsonFieldsCodecTest::fieldOf)
        .isEqualTo("payload");
    assertThatThrownBy(() -> decode("{\"fill\":null}"))
        .extracting(JsonFieldsCodecTest::fieldOf)
        .isEqualTo("payload.fill");
    assertThatThrownBy(() -> decode("{\"fill\":[1,2]}"))
        .extracting(JsonFieldsCodecTest::fieldOf)
        .isEqualTo("payload.fill");
    assertThatThrownBy(() -> decode("{\"t\":\"yesterday\",\"v\":{\"fill\":1}}"))
        .extracting(JsonFieldsCodecTest::fieldOf)
        .isEqualTo("payload.t");
  }

  @Test
  void codecs_give_json_for_no_profile_or_a_json_profile_and_each_kind_its_codec() {
    assertThat(Codecs.forProfile(null)).isSameAs(JsonFieldsCodec.INSTANCE);
    assertThat(Codecs.forProfile(new DeviceProfile("p", "json", null)))
        .isSameAs(JsonFieldsCodec.INSTANCE);
    assertThat(Codecs.forProfile(new DeviceProfile("p", "cayenne-lpp", null)))
        .isInstanceOf(CayenneLppCodec.class);
    assertThat(
            Codecs.forProfile(
                new DeviceProfile(
                    "p",
                    "byte-layout",
                    new org.civitas.sensing.model.Json(
                        "{\"fields\":[{\"name\":\"fill\",\"offset\":0,\"type\":\"uint8\"}]}"))))
        .isInstanceOf(ByteLayoutCodec.class);
    assertThatThrownBy(() -> Codecs.forProfile(new DeviceProfile("p", "byte-layout", null)))
        .isInstanceOf(InvalidInputException.class)
        .extracting(JsonFieldsCodecTest::fieldOf)
        .isEqualTo("profile.codecSpec");
  }
}
