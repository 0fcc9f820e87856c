package org.civitas.simulator.fault;

/** The faults and incidents the simulator plants for the platform to find. */
public enum FaultKind {
  /** The device stops reporting at the fault's start (a flat battery, a broken modem). */
  SILENT,
  /** Every value is frozen at what the sensor read at the fault's start. */
  STUCK,
  /** An air-quality sensor reads ever higher than it should: a slowly growing offset. */
  DRIFT,
  /** A burst main behind a district flow meter: the night flow rises and stays up. */
  LEAK,
  /** A vaccine fridge's door left open: its temperature climbs above 8 °C, then recovers. */
  DOOR_OPEN,
  /** After a planted downpour a river gauge's level rises sharply, then slowly recedes. */
  FLOOD_RISE
}
