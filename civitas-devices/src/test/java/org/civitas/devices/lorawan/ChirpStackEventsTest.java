package org.civitas.devices.lorawan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.civitas.devices.codec.CayenneLppCodec;
import org.civitas.devices.codec.Reading;
import org.civitas.devices.ingest.Radio;
import org.civitas.devices.ingest.Uplink;
import org.civitas.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class ChirpStackEventsTest {

  private static final String UP = "chirpstack-up-cayenne.json";

  @Test
  void an_up_event_gives_the_frame_and_the_radio_of_the_best_gateway() {
    LorawanUplink up = ChirpStackEvents.parseUp(Fixtures.bytes(UP));

    assertThat(up.devEui()).isEqualTo("0101A1B2C3D4E5F6");
    assertThat(up.devAddr()).contains("01FB2C4D");
    assertThat(up.applicationId()).contains("17c82e96-be03-4f38-aef3-f83d48582d97");
    assertThat(up.networkDeviceId()).contains("kerkplein-climate-01");
    assertThat(up.fPort()).isEqualTo(2);
    assertThat(up.fCnt()).isEqualTo(42);
    assertThat(up.receivedAt()).isEqualTo(Instant.parse("2026-11-30T08:15:42.123456Z"));
    // the second gateway has the better SNR (7.25 dB against -3.5 dB)
    assertThat(up.rssiDbm()).contains(-97.0);
    assertThat(up.snrDb()).contains(7.25);
    assertThat(up.gateways()).isEqualTo(2);
    assertThat(up.batteryPercent()).isEmpty();
    assertThat(up.confirmed()).isFalse();
    assertThat(up.hasApplicationData()).isTrue();
  }

  @Test
  void the_payload_of_the_up_event_decodes_as_cayenne_lpp() {
    LorawanUplink up = ChirpStackEvents.parseUp(Fixtures.bytes(UP));

    assertThat(new CayenneLppCodec().decode(up.payload()))
        .containsExactly(
            new Reading("temperature_3", 27.2, "Cel"),
            new Reading("humidity_5", 48.5, "%"),
            new Reading("voltage_9", 3.5, "V"));
  }

  @Test
  void the_uplink_for_the_pipeline_is_keyed_by_dev_eui_session_counter_and_port() {
    LorawanUplink up = ChirpStackEvents.parseUp(Fixtures.bytes(UP));
    Uplink uplink = up.toUplink("climate-kerkplein-01");

    assertThat(uplink.deviceId()).isEqualTo("climate-kerkplein-01");
    assertThat(uplink.payload()).isEqualTo(up.payload());
    assertThat(uplink.receivedAt()).isEqualTo(up.receivedAt());
    assertThat(uplink.measuredAt()).isEmpty();
    assertThat(uplink.messageId()).contains("0101A1B2C3D4E5F6:01FB2C4D:42:2");
    assertThat(uplink.radio()).isEqualTo(new Radio(-97.0, 7.25, 2, null));
    // the same frame delivered again has the same key; the next frame has another
    assertThat(ChirpStackEvents.parseUp(Fixtures.bytes(UP)).messageId()).isEqualTo(up.messageId());
    assertThat(ChirpStackEvents.parseUp(Fixtures.altered(UP, t -> t.put("fCnt", 43))).messageId())
        .isNotEqualTo(up.messageId());
  }

  @Test
  void zero_values_that_proto3_json_leaves_out_read_as_zero() {
    LorawanUplink up =
        ChirpStackEvents.parseUp(
            Fixtures.altered(
                UP,
                t -> {
                  t.remove("fCnt");
                  t.remove("fPort");
                  t.remove("data");
                  t.remove("rxInfo");
                  t.remove("devAddr");
                }));
    assertThat(up.fCnt()).isZero();
    assertThat(up.fPort()).isZero();
    assertThat(up.hasApplicationData()).isFalse();
    assertThat(up.payload()).isEmpty();
    assertThat(up.gateways()).isZero();
    assertThat(up.messageId()).isEqualTo("0101A1B2C3D4E5F6:0:0");
    assertThat(up.radio()).isEqualTo(Radio.UNKNOWN);
  }

  @Test
  void a_missing_or_malformed_part_is_refused_naming_its_json_path() {
    assertRefused(t -> ((ObjectNode) t.get("deviceInfo")).remove("devEui"), "deviceInfo.devEui");
    assertRefused(
        t -> ((ObjectNode) t.get("deviceInfo")).put("devEui", "0101"), "deviceInfo.devEui");
    assertRefused(t -> t.remove("time"), "time");
    assertRefused(t -> t.put("time", "yesterday"), "time");
    assertRefused(t -> t.put("data", "not base64!"), "data");
    assertRefused(t -> t.put("fPort", 300), "fPort");
    assertRefused(t -> t.put("fCnt", -1), "fCnt");
    assertRefused(t -> ((ObjectNode) t.get("rxInfo").get(1)).put("rssi", "loud"), "rxInfo[1].rssi");
  }

  private static void assertRefused(java.util.function.Consumer<ObjectNode> change, String path) {
    assertThatThrownBy(() -> ChirpStackEvents.parseUp(Fixtures.altered(UP, change)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(path)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains(path));
  }

  @Test
  void a_protobuf_body_is_refused_with_a_hint_to_choose_json() {
    assertThatThrownBy(() -> ChirpStackEvents.parseUp(new byte[] {0x0a, 0x24, 0x33, 0x61}))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("payload encoding to JSON");
  }

  @Test
  void a_join_gives_the_device_address_of_the_new_session() {
    LorawanJoin join = ChirpStackEvents.parseJoin(Fixtures.bytes("chirpstack-join.json"));
    assertThat(join)
        .isEqualTo(
            new LorawanJoin(
                "0101A1B2C3D4E5F6",
                "01FB2C4D",
                Instant.parse("2026-11-30T08:01:07.412Z"),
                Optional.of("kerkplein-climate-01")));
  }

  @Test
  void a_status_gives_the_battery_percentage_and_the_margin() {
    LorawanStatus status = ChirpStackEvents.parseStatus(Fixtures.bytes("chirpstack-status.json"));
    assertThat(status.devEui()).isEqualTo("0101A1B2C3D4E5F6");
    assertThat(status.receivedAt()).isEqualTo(Instant.parse("2026-11-30T09:00:03.907Z"));
    assertThat(status.marginDb()).isEqualTo(9);
    assertThat(status.externalPowerSource()).isFalse();
    assertThat(status.batteryPercent()).contains(76.37795);
    assertThat(status.radio()).isEqualTo(new Radio(null, null, null, 76.37795));
  }

  @Test
  void a_device_on_external_power_or_without_a_measurement_has_no_battery_level() {
    LorawanStatus external =
        ChirpStackEvents.parseStatus(
            Fixtures.altered(
                "chirpstack-status.json",
                t -> t.put("externalPowerSource", true).put("batteryLevel", 0).put("margin", -3)));
    assertThat(external.externalPowerSource()).isTrue();
    assertThat(external.batteryPercent()).isEmpty();
    assertThat(external.marginDb()).isEqualTo(-3);

    LorawanStatus unmeasured =
        ChirpStackEvents.parseStatus(
            Fixtures.altered(
                "chirpstack-status.json",
                t -> t.put("batteryLevelUnavailable", true).remove("batteryLevel")));
    assertThat(unmeasured.batteryPercent()).isEmpty();

    assertThatThrownBy(
            () ->
                ChirpStackEvents.parseStatus(
                    Fixtures.altered("chirpstack-status.json", t -> t.put("batteryLevel", 140))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("batteryLevel");
  }

  @Test
  void the_event_query_parameter_chooses_the_parser_and_unused_types_are_skipped() {
    assertThat(ChirpStackEvents.parse("up", Fixtures.bytes(UP)))
        .get()
        .isInstanceOf(LorawanUplink.class);
    assertThat(ChirpStackEvents.parse("join", Fixtures.bytes("chirpstack-join.json")))
        .get()
        .isInstanceOf(LorawanJoin.class);
    assertThat(ChirpStackEvents.parse("status", Fixtures.bytes("chirpstack-status.json")))
        .get()
        .isInstanceOf(LorawanStatus.class);
    assertThat(ChirpStackEvents.parse("txack", "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThatThrownBy(() -> ChirpStackEvents.parse(null, Fixtures.bytes(UP)))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("event"));
  }
}
