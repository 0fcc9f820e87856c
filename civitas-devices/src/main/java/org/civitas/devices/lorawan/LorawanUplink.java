package org.civitas.devices.lorawan;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.civitas.devices.ingest.Radio;
import org.civitas.devices.ingest.Uplink;

/**
 * An application uplink as a network server delivered it: the still encoded FRMPayload with the
 * frame's counters and the radio data of the best gateway.
 *
 * @param devEui 16 upper-case hexadecimal digits
 * @param devAddr the device address of the session (8 upper-case hexadecimal digits), if given
 * @param applicationId the network server's application (ChirpStack application UUID, TTS
 *     application ID), if given
 * @param networkDeviceId the network server's own name for the device (the TTS end-device ID,
 *     ChirpStack's device name), if given; TTS downlinks address a device by it
 * @param fPort 0 for a MAC-only frame, 1 to 223 for application data
 * @param fCnt the uplink frame counter
 * @param payload the FRMPayload bytes (empty when the frame has none)
 * @param receivedAt when the network server received the frame
 * @param rssiDbm RSSI at the best gateway
 * @param snrDb SNR at the best gateway
 * @param gateways how many gateways heard the frame, 0 when the server did not say
 * @param batteryPercent the device's last battery level known to the network server
 * @param confirmed whether the device sent a confirmed uplink
 */
public record LorawanUplink(
    String devEui,
    Optional<String> devAddr,
    Optional<String> applicationId,
    Optional<String> networkDeviceId,
    int fPort,
    long fCnt,
    byte[] payload,
    Instant receivedAt,
    Optional<Double> rssiDbm,
    Optional<Double> snrDb,
    int gateways,
    Optional<Double> batteryPercent,
    boolean confirmed)
    implements LorawanEvent {

  public LorawanUplink {
    Objects.requireNonNull(devEui, "devEui");
    Objects.requireNonNull(devAddr, "devAddr");
    Objects.requireNonNull(applicationId, "applicationId");
    Objects.requireNonNull(networkDeviceId, "networkDeviceId");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(rssiDbm, "rssiDbm");
    Objects.requireNonNull(snrDb, "snrDb");
    Objects.requireNonNull(batteryPercent, "batteryPercent");
    payload = payload.clone();
  }

  /** A copy of the FRMPayload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** Whether the frame carries application data (FPort 1 or more); FPort 0 is MAC commands only. */
  public boolean hasApplicationData() {
    return fPort > 0;
  }

  /**
   * The key under which a redelivered copy of this frame is recognised: {@code
   * DEVEUI:DEVADDR:FCNT:FPORT}, or {@code DEVEUI:FCNT:FPORT} when the device address is unknown.
   * The device address tells sessions apart, so that a device whose frame counter starts again at 0
   * after a new join is not taken for a repeat of its old session.
   */
  public String messageId() {
    return devEui + ":" + devAddr.map(a -> a + ":").orElse("") + fCnt + ":" + fPort;
  }

  /** What device health learns from this frame. */
  public Radio radio() {
    return new Radio(
        rssiDbm.orElse(null),
        snrDb.orElse(null),
        gateways > 0 ? gateways : null,
        batteryPercent.orElse(null));
  }

  /**
   * The uplink for the ingest pipeline, once the DevEUI was matched to a registered device.
   *
   * @param deviceId the registered device this DevEUI belongs to
   */
  public Uplink toUplink(String deviceId) {
    return new Uplink(
        deviceId, payload.clone(), receivedAt, Optional.empty(), Optional.of(messageId()), radio());
  }
}
