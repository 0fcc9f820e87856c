package org.civitas.simulator.city;

/**
 * What a district mostly is, which sets how busy its streets are and when its people park, use
 * water and power.
 */
public enum DistrictCharacter {
  /** The old centre: shops, offices, nightlife, the densest traffic and parking by day. */
  CENTRE(1.0),
  /** Flats and terraces: commuters leave in the morning and park at home at night. */
  RESIDENTIAL(0.6),
  /** Detached houses with gardens: light traffic, cars at home. */
  SUBURBAN(0.4),
  /** The harbour and its industry: goods traffic by day, few residents. */
  INDUSTRIAL(0.8);

  private final double trafficShare;

  DistrictCharacter(double trafficShare) {
    this.trafficShare = trafficShare;
  }

  /** The district's traffic at a given hour relative to the centre's (0-1). */
  public double trafficShare() {
    return trafficShare;
  }
}
