package org.civitas.devices.ingest;

/**
 * What the transport knows of the link and the device's power, for device health. Every part is
 * null when unknown.
 *
 * @param rssiDbm received signal strength of the best gateway, in dBm
 * @param snrDb signal-to-noise ratio of the best gateway, in dB
 * @param gateways how many gateways heard the uplink
 * @param batteryPercent the device's battery, 0 to 100
 */
public record Radio(Double rssiDbm, Double snrDb, Integer gateways, Double batteryPercent) {

  /** Nothing known (an MQTT or HTTP device that reports no link data). */
  public static final Radio UNKNOWN = new Radio(null, null, null, null);

  public Radio {
    if (batteryPercent != null && (batteryPercent < 0 || batteryPercent > 100)) {
      throw new IllegalArgumentException(
          "battery must be between 0 and 100 %, was " + batteryPercent);
    }
    if (gateways != null && gateways < 0) {
      throw new IllegalArgumentException("gateways must not be negative, was " + gateways);
    }
  }
}
