package org.civitas.simulator.client;

/**
 * What a provisioned device needs to report: its secret (its MQTT password and HTTP bearer token)
 * and, for a LoRaWAN device, the DevEUI the network server names it by.
 *
 * @param deviceId the device's id, also its MQTT user name
 * @param secret the secret the platform answered when it was provisioned or its credential rotated
 * @param devEui 16 upper-case hexadecimal digits; null unless it is a LoRaWAN device
 */
public record Credentials(String deviceId, String secret, String devEui) {
  @Override
  public String toString() {
    // Never the secret: records print themselves into logs.
    return "Credentials[" + deviceId + ", devEui=" + devEui + "]";
  }
}
