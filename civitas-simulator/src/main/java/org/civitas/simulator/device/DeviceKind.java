package org.civitas.simulator.device;

/** The eleven kinds of device the simulated city runs. */
public enum DeviceKind {
  TRAFFIC_LOOP("loop"),
  WASTE_BIN("bin"),
  AIR_QUALITY("air"),
  NOISE_METER("noise"),
  /** Household meters ({@code water-}) and district flow meters ({@code flow-}). */
  WATER_METER("water"),
  /** Household smart meters ({@code elec-}) and substations ({@code substation-}). */
  ELECTRICITY_METER("elec"),
  BUS("bus"),
  PARKING_BAY("parking"),
  STREETLIGHT("light"),
  VACCINE_FRIDGE("fridge"),
  RIVER_GAUGE("gauge");

  private final String idPrefix;

  DeviceKind(String idPrefix) {
    this.idPrefix = idPrefix;
  }

  /** The prefix of the ids of most devices of this kind. */
  public String idPrefix() {
    return idPrefix;
  }
}
