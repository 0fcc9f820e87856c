package org.civitas.simulator.device;

/** How a device will reach the platform when the demo's protocol clients drive it. */
public enum Protocol {
  /**
   * MQTT with the device's own credentials: mains-powered devices on a city network or cellular.
   */
  MQTT,
  /** HTTP POSTs: stations and SCADA gateways that push batches. */
  HTTP,
  /** LoRaWAN uplinks through a network server's webhook: battery devices that report rarely. */
  LORAWAN
}
