package org.civitas.devices.lorawan;

import java.time.Instant;

/**
 * One event a LoRaWAN network server reported about a device, as {@link ChirpStackEvents} and
 * {@link TtsMessages} read it from a webhook body.
 */
public sealed interface LorawanEvent permits LorawanUplink, LorawanJoin, LorawanStatus {

  /** The device's DevEUI: 16 upper-case hexadecimal digits. */
  String devEui();

  /** When the network server received the frame the event is about. */
  Instant receivedAt();
}
