package org.civitas.devices.lorawan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.civitas.devices.codec.ByteLayoutCodec;
import org.civitas.devices.codec.Reading;
import org.civitas.devices.ingest.Radio;
import org.civitas.devices.ingest.Uplink;
import org.civitas.error.InvalidInputException;
import org.civitas.sensing.model.Json;
import org.junit.jupiter.api.Test;

class TtsMessagesTest {

  private static final String UP = "tts-uplink-bytes.json";

  @Test
  void an_uplink_message_gives_the_frame_the_best_gateway_and_the_battery() {
    LorawanUplink up = TtsMessages.parseUplink(Fixtures.bytes(UP));

    assertThat(up.devEui()).isEqualTo("70B3D57ED005B89A");
    assertThat(up.devAddr()).contains("260BABCD");
    assertThat(up.applicationId()).contains("civitas-waste");
    assertThat(up.networkDeviceId()).contains("bin-marktplein-07");
    assertThat(up.fPort()).isEqualTo(15);
    assertThat(up.fCnt()).isEqualTo(1834);
    // the network server's reception time, not the later one of the Application Server
    assertThat(up.receivedAt()).isEqualTo(Instant.parse("2026-11-30T10:42:11.401233Z"));
    assertThat(up.rssiDbm()).contains(-68.0);
    assertThat(up.snrDb()).contains(9.2);
    assertThat(up.gateways()).isEqualTo(2);
    assertThat(up.batteryPercent()).contains(87.5);
    assertThat(up.confirmed()).isTrue();
  }

  @Test
  void the_frm_payload_decodes_with_the_byte_layout_of_the_device() {
    LorawanUplink up = TtsMessages.parseUplink(Fixtures.bytes(UP));
    ByteLayoutCodec layout =
        ByteLayoutCodec.fromSpec(new Json(Fixtures.text("waste-bin-layout.json")));

    assertThat(layout.decode(up.payload()))
        .containsExactly(
            new Reading("fill", 77.5, "%"),
            new Reading("lid_open", true, null),
            new Reading("tilt", 5L, null),
            new Reading("state", "fire", null),
            new Reading("temperature", -2.0, "Cel"));
  }

  @Test
  void the_uplink_for_the_pipeline_carries_the_radio_and_a_redelivery_key() {
    Uplink uplink = TtsMessages.parseUplink(Fixtures.bytes(UP)).toUplink("bin-07");
    assertThat(uplink.deviceId()).isEqualTo("bin-07");
    assertThat(uplink.messageId()).contains("70B3D57ED005B89A:260BABCD:1834:15");
    assertThat(uplink.radio()).isEqualTo(new Radio(-68.0, 9.2, 2, 87.5));
  }

  @Test
  void without_a_network_server_time_the_application_server_time_is_used() {
    LorawanUplink up =
        TtsMessages.parseUplink(
            Fixtures.altered(
                UP, t -> ((ObjectNode) t.get("uplink_message")).remove("received_at")));
    assertThat(up.receivedAt()).isEqualTo(Instant.parse("2026-11-30T10:42:11.412817Z"));
  }

  @Test
  void a_missing_dev_eui_or_port_of_the_wrong_type_names_its_json_path() {
    assertThatThrownBy(
            () ->
                TtsMessages.parseUplink(
                    Fixtures.altered(
                        UP, t -> ((ObjectNode) t.get("end_device_ids")).remove("dev_eui"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("give the end device a DevEUI")
        .satisfies(
            e ->
                assertThat(((InvalidInputException) e).field()).contains("end_device_ids.dev_eui"));
    assertThatThrownBy(
            () ->
                TtsMessages.parseUplink(
                    Fixtures.altered(
                        UP, t -> ((ObjectNode) t.get("uplink_message")).put("f_port", true))))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(
            e -> assertThat(((InvalidInputException) e).field()).contains("uplink_message.f_port"));
    assertThatThrownBy(() -> TtsMessages.parseUplink(Fixtures.bytes("tts-join.json")))
        .isInstanceOf(InvalidInputException.class)
        .satisfies(e -> assertThat(((InvalidInputException) e).field()).contains("uplink_message"));
  }

  @Test
  void a_join_accept_gives_the_new_device_address_and_other_messages_are_skipped() {
    assertThat(TtsMessages.parse(Fixtures.bytes("tts-join.json")))
        .contains(
            new LorawanJoin(
                "70B3D57ED005B89A",
                "260BABCD",
                Instant.parse("2026-11-30T10:30:02.736532Z"),
                Optional.of("bin-marktplein-07")));
    assertThat(TtsMessages.parse(Fixtures.bytes(UP))).get().isInstanceOf(LorawanUplink.class);
    String queued =
        "{\"end_device_ids\":{\"device_id\":\"bin-marktplein-07\"},\"downlink_queued\":{\"f_port\":1}}";
    assertThat(TtsMessages.parse(queued.getBytes(StandardCharsets.UTF_8))).isEmpty();
  }
}
